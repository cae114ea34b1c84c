using System.Globalization;
using Credits.V1;

namespace Credits.Cli.Output;

/// <summary>A balance for people: the totals, the next expiry, the non-empty buckets and the feature-scoped credits.</summary>
internal static class BalanceText
{
    public static void Write(TextWriter output, Balance balance)
    {
        var expiry = balance.NextExpiry is { } next ? $"{Number(next.Amount)} at {Timestamps.Format(next.ExpiresAt)}" : "-";
        TextTable.Write(output, ["account", "available", "held", "owed", "frozen", "next expiry"],
            [[balance.AccountId, Number(balance.Available), Number(balance.Held), Number(balance.Owed), Number(balance.Frozen), expiry]]);
        if (balance.Buckets.Count > 0)
        {
            output.WriteLine();
            TextTable.Write(output, ["bucket", "available", "held"],
                balance.Buckets.Select(bucket => (IReadOnlyList<string>)[Names.Of(bucket.Bucket), Number(bucket.Available), Number(bucket.Held)]));
        }
        if (balance.Scoped.Count > 0)
        {
            // Feature-scoped credits are not in available: they pay only for their features.
            output.WriteLine();
            TextTable.Write(output, ["scoped to", "available", "held"],
                balance.Scoped.Select(scoped => (IReadOnlyList<string>)[string.Join(",", scoped.Features), Number(scoped.Available), Number(scoped.Held)]));
        }
    }

    /// <summary>The lots of a balance as of an instant: one row each, with the journal entries that moved it.</summary>
    public static void WriteLots(TextWriter output, IEnumerable<LotAsOf> lots) =>
        TextTable.Write(output, ["lot", "bucket", "granted", "spent", "held", "expired", "remaining", "entries"],
            lots.Select(lot => (IReadOnlyList<string>)[lot.LotId, Names.Of(lot.Bucket), Number(lot.Granted), Number(lot.Spent), Number(lot.Held),
                Number(lot.Expired), Number(lot.Remaining), string.Join(",", lot.Sequences.Select(Number))]));

    public static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
