using Credits.V1;

namespace Credits.Cli.Importing;

/// <summary>Rows of the file in calls: at most 1,000 rows and well under the server's 64 KiB message limit each.</summary>
internal static class ImportBatches
{
    /// <summary>The server's limit of rows per call.</summary>
    public const int RowsMax = 1_000;

    /// <summary>Bytes of rows per call: the server refuses messages over 64 KiB, and headers and framing need a little.</summary>
    public const int BytesMax = 60 * 1024;

    public static IEnumerable<List<ImportLine>> Split(IReadOnlyList<ImportLine> lines)
    {
        var batch = new List<ImportLine>();
        var bytes = 0;
        foreach (var line in lines)
        {
            // A repeated field's element costs its size, a length prefix (at most 3 bytes here) and its tag.
            var size = line.Row.CalculateSize() + 4;
            if (batch.Count == RowsMax || (batch.Count > 0 && bytes + size > BytesMax))
            {
                yield return batch;
                (batch, bytes) = ([], 0);
            }
            batch.Add(line);
            bytes += size;
        }
        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    public static ImportLotsRequest Request(IEnumerable<ImportLine> batch, bool validateOnly) =>
        new() { Rows = { batch.Select(line => line.Row) }, ValidateOnly = validateOnly };
}
