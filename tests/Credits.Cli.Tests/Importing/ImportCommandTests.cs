using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;

namespace Credits.Cli.Tests.Importing;

/// <summary>credits import: a CSV of an older credits table, checked whole, then imported once per source id.</summary>
public sealed class ImportCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    private static readonly string[] BadLines = ["line 3", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9", "error"];

    private static readonly string Sample = Path.Combine(AppContext.BaseDirectory, "import-sample.csv");

    private static string WriteFile(params string[] lines)
    {
        var path = Path.Combine(Path.GetTempPath(), $"import-{Guid.NewGuid():N}.csv");
        File.WriteAllLines(path, lines);
        return path;
    }

    private async Task<long> Available(string account) => (await Client.GetBalanceAsync(account)).Available;

    [Test]
    public async Task The_sample_file_imports_once_however_often_it_is_imported()
    {
        var first = await Credits("import", Sample);
        var second = await Credits("import", Sample);

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.OutLines[^1], Is.EqualTo("imported 5 of 5 rows (10,345 credits) for 3 accounts; 0 already imported, 0 changed since their import"));
        Assert.That(second.ExitCode, Is.Zero, second.ToString());
        Assert.That(second.OutLines[^1], Is.EqualTo("imported 0 of 5 rows (0 credits) for 3 accounts; 5 already imported, 0 changed since their import"));
        Assert.That((await Available("user:ana"), await Available("user:ben"), await Available("org:acme")), Is.EqualTo((270L, 75L, 10_000L)));
        var history = await Credits("history", "user:ana");
        Assert.That(history.Out, Does.Contain("import:legacy-1003"), history.ToString());
    }

    [Test]
    public async Task Every_bad_line_is_listed_with_its_number_and_nothing_is_imported()
    {
        var good = NewAccount();
        var path = WriteFile(
            "source_id,account_id,credits,bucket,expires_at",
            $"a1,{good},10,purchased,",
            $"a2,{good},ten,purchased,",
            $"a3,ana,5,free,",
            $"a4,{good},5,gold,",
            $"a5,{good},5,free,2020-01-01",
            $"a1,{good},10,purchased,",
            $"a6,{good},0,free,",
            $"a7,{good},7,lead,");

        var result = await Credits("import", path);

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines.Select(line => line.Split(':')[0]), Is.EqualTo(BadLines),
            result.ToString());
        Assert.That(lines[0], Does.Contain("credits 'ten' is not a whole number"));
        Assert.That(lines[1], Does.Contain("account_id"));
        Assert.That(lines[3], Does.Contain("expires_at must be in the future"));
        Assert.That(lines[4], Does.Contain("already on line 2"));
        Assert.That(lines[^1], Is.EqualTo("error: INVALID_FILE: 7 bad lines; nothing imported"));
        Assert.That(await Available(good), Is.Zero);
    }

    [Test]
    public async Task A_dry_run_checks_every_row_and_imports_nothing()
    {
        var account = NewAccount();
        var path = WriteFile("source_id,account_id,credits,kind", $"d1,{account},40,balance", $"d2,{account},-3,history");

        var result = await Credits("import", path, "--dry-run");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines.Single(), Is.EqualTo("dry run: 2 rows (1 balances, 1 history) for 1 accounts, 40 credits; every row checked, nothing imported"));
        Assert.That(await Available(account), Is.Zero);
    }

    [Test]
    public async Task A_row_changed_since_its_import_is_listed_not_applied_and_the_exit_code_says_so()
    {
        var account = NewAccount();
        await Credits("import", WriteFile("source_id,account_id,credits", $"c1,{account},40", $"c2,{account},2"));

        var result = await Credits("import", WriteFile("source_id,account_id,credits", $"c1,{account},45", $"c2,{account},2", $"c3,{account},1"));

        Assert.That(result.ExitCode, Is.EqualTo(1), result.ToString());
        Assert.That(result.OutLines[0], Is.EqualTo("imported 1 of 3 rows (1 credits) for 1 accounts; 1 already imported, 1 changed since their import"));
        Assert.That(result.OutLines[1], Is.EqualTo($"line 2: source_id 'c1' of {account} differs from what was imported before; the ledger keeps the first import"));
        Assert.That(await Available(account), Is.EqualTo(43));
    }

    [Test]
    public async Task A_file_without_the_required_columns_is_refused_before_the_server_is_asked()
    {
        var result = await Credits("import", WriteFile("id,user,amount", "1,user:x,5"));

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Does.StartWith("line 1: missing column(s) source_id, account_id, credits; unknown column(s) id, user, amount"));
    }
}
