using System.Globalization;
using Credits.Client;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Bench.Scenarios;

/// <summary>
/// GetUsage of a year by day and feature, with the previous year beside it, on one account whose
/// journal holds <see cref="BenchOptions.UsageEntries"/> entries spread over the last 365 days: the
/// read that must stay as cheap as a balance however long the journal grows, because it is served
/// from the daily aggregates and never scans the journal.
/// </summary>
internal static class UsageReads
{
    /// <summary>Features the synthetic commits are spread over.</summary>
    private static readonly string[] Features = ["image.generate", "text.summarize", "audio.transcribe"];

    private const string EmptyJson = "{}";

    public static string Name(int entries) =>
        string.Create(CultureInfo.InvariantCulture, $"ledger GetUsage (a year by day, {entries:N0}-entry account)");

    /// <summary>
    /// SQL (the same text on PostgreSQL and SQLite) that appends <paramref name="entries"/> COMMIT
    /// entries of 1 credit to <paramref name="accountId"/>'s journal, evenly over the year before
    /// <paramref name="now"/>, and adds them to its daily aggregates by the aggregates' own rule
    /// (a COMMIT spends minus its amount, one operation each), moving the account's usage checkpoint
    /// past them as the projector would. It runs on the template after its
    /// seeding server stopped. The entries are for reading only: they carry no hash and leave
    /// the account's balance alone, so this account never joins the measured writes.
    /// </summary>
    public static string SeedSql(string accountId, int entries, DateTimeOffset now)
    {
        var end = now.ToUnixTimeMilliseconds();
        var start = end - (long)TimeSpan.FromDays(365).TotalMilliseconds;
        var step = (end - start) / entries;
        var account = accountId.Replace("'", "''", StringComparison.Ordinal);
        var feature = string.Join(" ", Features.Select((name, i) => $"WHEN {i} THEN '{name}'"));
        return string.Create(CultureInfo.InvariantCulture, $"""
            WITH RECURSIVE g(n) AS (SELECT CAST(1 AS BIGINT) UNION ALL SELECT n + 1 FROM g WHERE n < {entries})
            INSERT INTO journal (account_id, sequence, kind, amount, available_after, held_after, lot_id, hold_id,
                                 parts_json, feature, actor, idempotency_key, metadata_json, bucket, reference, created_at_ms)
            SELECT '{account}', (SELECT last_sequence FROM accounts WHERE account_id = '{account}') + n, 3, -1, 0, 0, '',
                   'bench-usage-' || n, '[]', CASE n % {Features.Length} {feature} END, 'bench', '', '{EmptyJson}', NULL, '',
                   {start} + n * {step}
            FROM g;
            INSERT INTO usage_daily (account_id, day, feature, credits, operations)
            SELECT account_id, created_at_ms / 86400000, feature, -SUM(amount), COUNT(*)
            FROM journal WHERE account_id = '{account}' AND hold_id LIKE 'bench-usage-%'
            GROUP BY account_id, created_at_ms / 86400000, feature
            ON CONFLICT (account_id, day, feature) DO UPDATE
                SET credits = usage_daily.credits + excluded.credits, operations = usage_daily.operations + excluded.operations;
            UPDATE accounts SET last_sequence = last_sequence + {entries}, last_usage_sequence = last_sequence + {entries}
            WHERE account_id = '{account}';
            INSERT INTO usage_checkpoints (account_id, sequence, previous_sequence)
            SELECT account_id, last_usage_sequence, 0 FROM accounts WHERE account_id = '{account}'
            ON CONFLICT (account_id) DO UPDATE SET previous_sequence = usage_checkpoints.sequence, sequence = excluded.sequence;
            """);
    }

    /// <summary>One caller's operation: the year's usage of <paramref name="accountId"/> by day and feature, compared with the year before.</summary>
    public static Measurement.Operation Create(CreditsClient client, string accountId)
    {
        ArgumentNullException.ThrowIfNull(client);
        return async cancellationToken =>
        {
            var now = DateTimeOffset.UtcNow;
            var request = new GetUsageRequest
            {
                AccountId = accountId,
                StartTime = Timestamp.FromDateTimeOffset(now.AddDays(-365)),
                EndTime = Timestamp.FromDateTimeOffset(now),
                Granularity = UsageGranularity.Day,
                GroupByFeature = true,
                ComparePrevious = true,
            };
            var usage = await client.Analytics.GetUsageAsync(request, deadline: DateTime.UtcNow + Measurement.CallTimeout, cancellationToken: cancellationToken);
            // A year by day and three features: about 1,095 buckets. Far fewer means the seed did not land.
            if (usage.Buckets.Count < 1_000)
            {
                throw new InvalidOperationException($"GetUsage of {accountId} returned {usage.Buckets.Count} buckets: the usage history was not seeded.");
            }
        };
    }
}
