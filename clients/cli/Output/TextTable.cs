namespace Credits.Cli.Output;

/// <summary>A table for people: a header and rows, columns padded to their widest cell, two spaces apart.</summary>
internal static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var all = rows.ToList();
        var widths = headers.Select((header, i) => Math.Max(header.Length, all.Count == 0 ? 0 : all.Max(row => row[i].Length))).ToArray();
        WriteRow(output, headers, widths);
        foreach (var row in all)
        {
            WriteRow(output, row, widths);
        }
    }

    /// <summary>One row with fixed widths, for tables printed while they stream (a history that follows).</summary>
    public static void WriteRow(TextWriter output, IReadOnlyList<string> cells, IReadOnlyList<int> widths)
    {
        var parts = cells.Select((cell, i) => i == cells.Count - 1 ? cell : cell.PadRight(widths[i]));
        output.WriteLine(string.Join("  ", parts).TrimEnd());
    }
}
