using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;

namespace Credits.Cli.Tests.Reports;

/// <summary>
/// <c>credits report usage</c>: the daily aggregates as CSV (exact) and as Parquet that an
/// independent reader (hyparquet, in tests/parquet-reader) reads back into the CSV's rows; a
/// summary on stderr; Parquet without a file refused. Each test spends on fresh accounts; the
/// server's clock is moved a day to spend on two days.
/// </summary>
public sealed class ReportUsageCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    private static readonly string ReaderDirectory = Path.Combine(Repository.Root, "tests", "parquet-reader");

    private DateTimeOffset Now => Server.Time!.GetUtcNow();

    private static string Day(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task SpendAsync(string account, long quantityOrAmount, string? feature = null)
    {
        var request = new ReserveRequest { AccountId = account, IdempotencyKey = $"r-{Guid.NewGuid():N}" };
        if (feature is null)
        {
            request.Amount = quantityOrAmount;
        }
        else
        {
            (request.Feature, request.Quantity) = (feature, quantityOrAmount);
        }
        var hold = await Client.ReserveAsync(request);
        await Client.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
    }

    /// <summary>Account a spends 5 by amount and 10 on image.generate on the first day and 7 the next; b spends 3 the first day.</summary>
    private async Task<(string A, string B, DateTimeOffset First)> SpendOnTwoDaysAsync()
    {
        var (a, b) = (NewAccount(), NewAccount());
        await Grant(a, 100, $"g-{Guid.NewGuid():N}");
        await Grant(b, 100, $"g-{Guid.NewGuid():N}");
        var first = Now;
        await SpendAsync(a, 5);
        await SpendAsync(a, 2, "image.generate");
        await SpendAsync(b, 3);
        Server.Time!.Advance(TimeSpan.FromDays(1));
        await SpendAsync(a, 7);
        return (a, b, first);
    }

    [Test]
    public async Task Csv_lists_each_account_day_and_feature_with_the_credits_and_operations_and_sums_them_on_stderr()
    {
        var (a, _, first) = await SpendOnTwoDaysAsync();

        var result = await Credits("report", "usage", "--from", Day(first), "--to", Day(first.AddDays(2)), "--account", a);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        string[] lines =
        [
            "account_id,day,feature,credits_spent,operations",
            $"{a},{Day(first)},,5,1",
            $"{a},{Day(first)},image.generate,10,1",
            $"{a},{Day(first.AddDays(1))},,7,1",
        ];
        Assert.That(result.Out, Is.EqualTo(string.Join("\r\n", lines) + "\r\n"));
        Assert.That(result.Error, Is.EqualTo("reported 3 rows (22 credits spent in 3 operations) to stdout\n"));
    }

    [Test]
    public async Task A_pools_report_has_a_row_per_day_member_and_feature_with_the_member_who_spent()
    {
        var (pool, ann, bob) = ($"org:{Guid.NewGuid():N}", NewAccount(), NewAccount());
        await Grant(pool, 1_000, $"g-{Guid.NewGuid():N}");
        await Credits("pools", "members", "add", "--pool", pool, "--member", ann, "--limit", "100", "--period", "month");
        await Credits("pools", "members", "add", "--pool", pool, "--member", bob, "--period", "none");
        var first = Now;
        foreach (var (member, amount) in new[] { (ann, 4L), (bob, 6L), (ann, 1L) })
        {
            var hold = await Client.ReserveAsync(new ReserveRequest { AccountId = pool, Amount = amount, OnBehalfOf = member, IdempotencyKey = $"r-{Guid.NewGuid():N}" });
            await Client.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
        }

        var result = await Credits("report", "usage", "--from", Day(first), "--to", Day(first.AddDays(1)), "--pool", pool);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var (first2, second) = string.CompareOrdinal(ann, bob) < 0 ? ((ann, 5, 2), (bob, 6, 1)) : ((bob, 6, 1), (ann, 5, 2));
        string[] lines =
        [
            "account_id,member_account_id,day,feature,credits_spent,operations",
            $"{pool},{first2.Item1},{Day(first)},,{first2.Item2},{first2.Item3}",
            $"{pool},{second.Item1},{Day(first)},,{second.Item2},{second.Item3}",
        ];
        Assert.That(result.Out, Is.EqualTo(string.Join("\r\n", lines) + "\r\n"));
        Assert.That(result.Error, Is.EqualTo("reported 2 rows (11 credits spent in 3 operations) to stdout\n"));
    }

    [Test]
    public async Task Without_an_account_every_accounts_usage_is_reported_in_account_order()
    {
        var (a, b, first) = await SpendOnTwoDaysAsync();

        var result = await Credits("report", "usage", "--from", Day(first), "--to", Day(first.AddDays(2)));

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var mine = result.OutLines.Skip(1).Where(line => line.StartsWith(a, StringComparison.Ordinal) || line.StartsWith(b, StringComparison.Ordinal)).ToList();
        Assert.That(mine, Has.Count.EqualTo(4));
        Assert.That(mine, Is.EqualTo(mine.Order(StringComparer.Ordinal).ToList()), "ordered by account, then day, then feature");
    }

    [Test]
    public async Task Parquet_read_back_by_an_independent_reader_holds_the_same_rows_as_the_csv()
    {
        var (a, _, first) = await SpendOnTwoDaysAsync();
        var path = Path.Combine(Path.GetTempPath(), $"credits-usage-{Guid.NewGuid():N}.parquet");
        try
        {
            var csv = await Credits("report", "usage", "--from", Day(first), "--to", Day(first.AddDays(2)), "--account", a);
            var parquet = await Credits("report", "usage", "--from", Day(first), "--to", Day(first.AddDays(2)), "--account", a,
                "--format", "parquet", "--output", path);

            Assert.That(parquet.ExitCode, Is.Zero, parquet.ToString());
            Assert.That(parquet.Error, Is.EqualTo($"reported 3 rows (22 credits spent in 3 operations) to {path}\n"));
            var read = await ReadParquetAsync(path);
            var asCsv = read.Select(row => string.Join(',', row["account_id"], row["day"], row["feature"], row["credits_spent"], row["operations"]));
            Assert.That(asCsv, Is.EqualTo(csv.OutLines.Skip(1)));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task Parquet_to_stdout_is_refused_before_anything_is_asked()
    {
        var result = await Credits("report", "usage", "--from", "2026-03-01", "--to", "2026-03-02", "--format", "parquet");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("--format parquet writes a binary file: give --output FILE."));
    }

    [Test]
    public async Task A_date_that_is_not_a_date_is_refused_naming_it()
    {
        var result = await Credits("report", "usage", "--from", "yesterday", "--to", "2026-03-02");

        Assert.That(result.ExitCode, Is.EqualTo(2), result.ToString());
        Assert.That(result.Error, Does.Contain("'yesterday' is not a date or time"));
    }

    /// <summary>Rows as hyparquet reads them (npm ci into tests/parquet-reader on first use).</summary>
    private static async Task<List<Dictionary<string, JsonElement>>> ReadParquetAsync(string path)
    {
        if (!Directory.Exists(Path.Combine(ReaderDirectory, "node_modules", "hyparquet")))
        {
            await RunAsync("npm", ["ci", "--silent", "--no-audit", "--no-fund"]);
        }
        var json = await RunAsync("node", ["read.mjs", path]);
        return JsonSerializer.Deserialize<List<Dictionary<string, JsonElement>>>(json)!;
    }

    private static async Task<string> RunAsync(string program, string[] args)
    {
        var start = new ProcessStartInfo(program) { WorkingDirectory = ReaderDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.That(process.ExitCode, Is.Zero, $"{program} {string.Join(' ', args)}: {await error}");
        return await output;
    }
}
