using System.Globalization;
using Credits.V1;
using CsvHelper;
using CsvHelper.Configuration;

namespace Credits.Cli.Output;

/// <summary>
/// Journal entries as RFC 4180 CSV (CsvHelper): a header row, CRLF line ends, and fields quoted when
/// they hold a comma, a quote or a line break, with quotes doubled. Lot parts and metadata are JSON in
/// their cells. Text a caller chose is neutralised against formula injection (see <see cref="Text"/>).
/// </summary>
internal sealed class EntryCsv : IDisposable
{
    public static readonly string[] Columns =
    [
        "account_id", "sequence", "created_at", "kind", "amount", "available_after", "held_after", "owed_after", "bucket",
        "lot_id", "hold_id", "parts", "feature", "actor", "idempotency_key", "reference", "metadata",
    ];

    private readonly CsvWriter _csv;

    public EntryCsv(TextWriter output)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture) { NewLine = "\r\n" };
        _csv = new CsvWriter(output, configuration, leaveOpen: true);
        foreach (var column in Columns)
        {
            _csv.WriteField(column);
        }
        _csv.NextRecord();
    }

    public void Write(string accountId, JournalEntry entry)
    {
        string[] cells =
        [
            accountId, Number(entry.Sequence), Timestamps.Format(entry.CreatedAt), Names.Of(entry.Kind), Number(entry.Amount),
            Number(entry.AvailableAfter), Number(entry.HeldAfter), Number(entry.OwedAfter), Names.Of(entry.Bucket),
            entry.LotId, entry.HoldId, EntryJson.Parts(entry), Text(entry.Feature), Text(entry.Actor), Text(entry.IdempotencyKey),
            Text(entry.Reference), EntryJson.Metadata(entry),
        ];
        foreach (var cell in cells)
        {
            _csv.WriteField(cell);
        }
        _csv.NextRecord();
    }

    public void Dispose() => _csv.Dispose();

    /// <summary>
    /// A text cell that a spreadsheet would run as a formula (<c>=HYPERLINK(...)</c>: it starts with
    /// = + - @, a tab or a carriage return) gets a leading apostrophe, as OWASP recommends for CSV
    /// injection. Done per text column rather than with CsvHelper's InjectionOptions, which would
    /// also turn every negative amount into text.
    /// </summary>
    internal static string Text(string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
