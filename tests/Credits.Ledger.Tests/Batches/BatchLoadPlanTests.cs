using System.Data.Common;
using System.Text.RegularExpressions;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.GiftCodes;
using Credits.Ledger.Idempotency;
using Credits.Ledger.Lots;
using Credits.Ledger.Pools;
using Credits.Ledger.Transfers;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Batches;

/// <summary>
/// The batch load is prepared once per shape and PostgreSQL may then reuse a generic plan made
/// while the tables were empty. Every read must stay a lookup by key in such a plan: a sequential
/// scan chosen for an empty table is kept as the table grows to millions of rows.
/// Only PostgreSQL: SQLite has no plan cache and looks IN lists up by index.
/// </summary>
public sealed partial class BatchLoadPlanTests
{
    [Test]
    public async Task Every_read_of_a_batch_load_is_an_index_lookup_in_a_generic_plan_made_over_small_tables()
    {
        using var ledger = new LedgerHarness(DatabaseProvider.Postgres);
        // A page of rows in each table: small enough that reading a whole table looks cheapest.
        for (var i = 0; i < 20; i++)
        {
            await ledger.Grant($"user:{i}", 10);
            var hold = await ledger.Reserve($"user:{i}", 3);
            await ledger.Commit(hold.HoldId);
        }
        var request = new LoadRequest(
            [("user:a", true), ("user:b", false)],
            ["hold_1", "hold_2"],
            ["user:b"],
            ["ch_1"],
            NowMs: 1);

        await using var connection = await ledger.Database.OpenConnectionAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        var sql = new SqlText(command);
        BatchLoadQueries.Append(sql, DatabaseProvider.Postgres, request);
        // Every registered batch entity store adds its read, as the loader does.
        foreach (var store in BatchEntities.All)
        {
            store.AppendLoad(sql, DatabaseProvider.Postgres, WantingOne(store));
        }
        sql.Build();
        var statements = command.CommandText.Split(";\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(statements, Has.Length.EqualTo(16),
            "insert, then accounts, lots, holds, claw-backs, keys, payment grants, imported rows, transfer days, gift codes, redemption attempts, " +
            "pool members, pool holds, pool usage, pool policies and referrals");

        await ExecuteAsync(connection, "SET plan_cache_mode = force_generic_plan");
        var scanned = new List<string>();
        for (var i = 0; i < statements.Length; i++)
        {
            var (text, arguments) = Positional(statements[i], command);
            await ExecuteAsync(connection, $"PREPARE load_{i} AS {text}");
            var plan = await ExplainAsync(connection, $"EXPLAIN EXECUTE load_{i}({arguments})");
            scanned.AddRange(SequentialScan().Matches(plan).Select(match => $"{match.Groups[1].Value} in statement {i}:\n{plan}"));
        }

        Assert.That(scanned, Is.Empty, "tables scanned whole");
    }

    /// <summary>A set of the store's entities wanting one key, so that the store writes its read.</summary>
    private static IBatchEntitySet WantingOne(IBatchEntityStore store)
    {
        var set = store.NewSet();
        if (set is BatchEntitySet<IdempotencyKeyId, IdempotencyRecord> records)
        {
            records.Want(new IdempotencyKeyId("user:a", "svc", "key-1"));
        }
        if (set is BatchEntitySet<PaymentGrantKey, PaymentGrant> grants)
        {
            grants.Want(new PaymentGrantKey("user:a", "stripe:purchase:cs_1"));
        }
        if (set is BatchEntitySet<Credits.Ledger.Importing.ImportedRowKey, Credits.Ledger.Importing.ImportedRow> imported)
        {
            imported.Want(new Credits.Ledger.Importing.ImportedRowKey("user:a", "old-1"));
        }
        if (set is BatchEntitySet<TransferDayKey, TransferDay> days)
        {
            days.Want(new TransferDayKey("user:a", 20_454));
        }
        if (set is BatchEntitySet<string, GiftCode> codes)
        {
            codes.Want(new string('a', 64));
        }
        if (set is BatchEntitySet<RedeemAttemptsKey, RedeemAttempts> attempts)
        {
            attempts.Want(new RedeemAttemptsKey("user:a", 29_454_000));
        }
        if (set is BatchEntitySet<PoolMemberKey, PoolMember> members)
        {
            members.Want(new PoolMemberKey("org:a", "user:a"));
        }
        if (set is BatchEntitySet<string, PoolPolicy> policies)
        {
            policies.Want("org:a");
        }
        // Pool holds and usage are read by the batch's scope (its pools and the holds it names), not by key.
        if (set is BatchEntitySet<string, PoolHold> poolHolds)
        {
            poolHolds.Scope = new BatchScope(["org:a"], ["hold_1"]);
        }
        if (set is BatchEntitySet<PoolUsageKey, PoolUsage> usages)
        {
            usages.Scope = new BatchScope(["org:a"], ["hold_1"]);
        }
        if (set is BatchEntitySet<string, Credits.Ledger.Referrals.Referral> referrals)
        {
            referrals.Want("user:a");
        }
        Assert.That(set.HasWanted, Is.True, $"{store.GetType().Name}: teach this test to want one of its entities");
        return set;
    }

    /// <summary>Rewrites the <c>@pN</c> names as <c>$N+1</c>, and the values they hold as literal arguments.</summary>
    private static (string Text, string Arguments) Positional(string statement, DbCommand command)
    {
        var used = ParameterName().Matches(statement).Select(match => int.Parse(match.Groups[1].Value)).Distinct().Order().ToList();
        var text = ParameterName().Replace(statement, match => "$" + (used.IndexOf(int.Parse(match.Groups[1].Value)) + 1));
        var arguments = used.Select(index => Literal(command.Parameters[index].Value));
        return (text, string.Join(", ", arguments));
    }

    private static string Literal(object? value) => value switch
    {
        string text => Quote(text) + "::text",
        string[] texts => "ARRAY[" + string.Join(", ", texts.Select(Quote)) + "]::text[]",
        long number => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
        long[] numbers => "ARRAY[" + string.Join(", ", numbers.Select(number => Literal(number))) + "]::bigint[]",
        _ => throw new ArgumentException($"no literal for {value?.GetType().Name}"),
    };

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static async Task ExecuteAsync(DbConnection connection, string text)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = text;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<string> ExplainAsync(DbConnection connection, string text)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = text;
        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            lines.Add(reader.GetString(0));
        }
        return string.Join("\n", lines);
    }

    [GeneratedRegex(@"@p(\d+)")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"Seq Scan on (accounts|lots|holds|clawbacks|idempotency_keys)\b")]
    private static partial Regex SequentialScan();
}
