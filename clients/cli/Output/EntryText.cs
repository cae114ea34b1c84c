using Credits.V1;

namespace Credits.Cli.Output;

/// <summary>Journal entries for people, one row each as they arrive (fixed widths, so a followed history lines up).</summary>
internal static class EntryText
{
    private static readonly string[] Headers = ["seq", "time", "kind", "amount", "available", "held", "actor", "details"];
    private static readonly int[] Widths = [6, 24, 14, 10, 10, 8, 16, 0];

    public static void WriteHeader(TextWriter output) => TextTable.WriteRow(output, Headers, Widths);

    public static void WriteRow(TextWriter output, JournalEntry entry) => TextTable.WriteRow(output,
    [
        BalanceText.Number(entry.Sequence), Timestamps.Format(entry.CreatedAt), Names.Of(entry.Kind), BalanceText.Number(entry.Amount),
        BalanceText.Number(entry.AvailableAfter), BalanceText.Number(entry.HeldAfter), entry.Actor, Details(entry),
    ], Widths);

    private static string Details(JournalEntry entry)
    {
        var details = new List<string>();
        if (entry.Bucket != Bucket.Unspecified)
        {
            details.Add($"bucket={Names.Of(entry.Bucket)}");
        }
        Add(details, "lot", entry.LotId);
        Add(details, "hold", entry.HoldId);
        Add(details, "feature", entry.Feature);
        Add(details, "reference", entry.Reference);
        if (entry.OwedAfter != 0)
        {
            details.Add($"owed={BalanceText.Number(entry.OwedAfter)}");
        }
        return string.Join(' ', details);
    }

    private static void Add(List<string> details, string name, string value)
    {
        if (value.Length > 0)
        {
            details.Add($"{name}={value}");
        }
    }
}
