using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.V1;

namespace Credits.Cli.Tests.Export;

/// <summary>export of one account: exact CSV (RFC 4180 quoting) and JSON lines, to stdout or a file, with a summary on stderr.</summary>
public sealed class ExportCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task Csv_has_a_header_crlf_line_ends_and_quotes_fields_with_commas_and_quotes_doubling_them()
    {
        var (account, lot, hold) = await GrantAndReserve();

        var result = await Credits("export", "--account", account);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        string[] lines =
        [
            "account_id,sequence,created_at,kind,amount,available_after,held_after,owed_after,bucket,lot_id,hold_id,parts,feature,actor,idempotency_key,reference,metadata",
            $$"""{{account}},1,2026-03-01T09:30:00.000Z,grant,100,100,0,0,purchased,{{lot}},,"[{""lotId"":""{{lot}}"",""amount"":100}]",,operator,exp-1,"ticket 7, refund","{""note"":""said \""hi\"", twice""}" """.TrimEnd(),
            $$"""{{account}},2,2026-03-01T09:30:00.000Z,reserve,0,70,30,0,,,{{hold}},"[{""lotId"":""{{lot}}"",""amount"":30}]",,operator,exp-2,,{}""",
        ];
        Assert.That(result.Out, Is.EqualTo(string.Join("\r\n", lines) + "\r\n"));
        Assert.That(result.Error, Is.EqualTo("exported 2 rows to stdout\n"));
    }

    [Test]
    public async Task Json_lines_hold_one_flat_object_per_entry()
    {
        var (account, lot, hold) = await GrantAndReserve();

        var result = await Credits("export", "--account", account, "--format", "jsonl");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        string[] lines =
        [
            $$$"""{"accountId":"{{{account}}}","sequence":1,"createdAt":"2026-03-01T09:30:00.000Z","kind":"grant","amount":100,"availableAfter":100,"heldAfter":0,"owedAfter":0,"bucket":"purchased","lotId":"{{{lot}}}","holdId":"","parts":[{"lotId":"{{{lot}}}","amount":100}],"feature":"","actor":"operator","idempotencyKey":"exp-1","reference":"ticket 7, refund","metadata":{"note":"said \"hi\", twice"}}""",
            $$$"""{"accountId":"{{{account}}}","sequence":2,"createdAt":"2026-03-01T09:30:00.000Z","kind":"reserve","amount":0,"availableAfter":70,"heldAfter":30,"owedAfter":0,"bucket":"","lotId":"","holdId":"{{{hold}}}","parts":[{"lotId":"{{{lot}}}","amount":30}],"feature":"","actor":"operator","idempotencyKey":"exp-2","reference":"","metadata":{}}""",
        ];
        Assert.That(result.Out, Is.EqualTo(string.Join("\n", lines) + "\n"));
    }

    [Test]
    public async Task The_global_json_flag_exports_json_lines_too()
    {
        var (account, _, _) = await GrantAndReserve();

        var jsonFlag = await Credits("export", "--account", account, "--json");
        var jsonLines = await Credits("export", "--account", account, "--format", "jsonl");

        Assert.That(jsonFlag.ExitCode, Is.Zero, jsonFlag.ToString());
        Assert.That(jsonFlag.Out, Is.EqualTo(jsonLines.Out));
    }

    [Test]
    public async Task Output_writes_the_file_and_names_it_in_the_summary()
    {
        var (account, _, _) = await GrantAndReserve();
        var path = Path.Combine(Path.GetTempPath(), $"credits-export-{Guid.NewGuid():N}.csv");
        try
        {
            var result = await Credits("export", "--account", account, "--output", path);

            Assert.That(result.ExitCode, Is.Zero, result.ToString());
            Assert.That(result.Out, Is.Empty);
            Assert.That(result.Error, Is.EqualTo($"exported 2 rows to {path}\n"));
            Assert.That(await File.ReadAllLinesAsync(path), Has.Length.EqualTo(3));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Test]
    public async Task On_a_terminal_a_progress_line_is_drawn_on_stderr_and_cleared_before_the_summary()
    {
        var (account, _, _) = await GrantAndReserve();

        var result = await CliRunner.RunAsync(
            ["export", "--account", account, "--url", Server.Address.ToString(), "--api-key", CliKeys.Admin], errorIsTerminal: true);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.Error, Does.StartWith("\rexporting: 1 rows"));
        Assert.That(result.Error, Does.EndWith("\r\u001b[Kexported 2 rows to stdout\n"));
    }

    [Test]
    public async Task An_interrupted_export_says_how_many_rows_it_wrote_and_exits_130()
    {
        var (account, _, _) = await GrantAndReserve();
        using var interrupt = new CancellationTokenSource();
        await interrupt.CancelAsync();

        var result = await CliRunner.RunAsync(
            ["export", "--account", account, "--url", Server.Address.ToString(), "--api-key", CliKeys.Admin], cancellationToken: interrupt.Token);

        Assert.That(result.ExitCode, Is.EqualTo(130), result.ToString());
        Assert.That(result.Error, Is.EqualTo("stopped after 0 rows written to stdout\nerror: CANCELLED: interrupted\n"));
    }

    [Test]
    public async Task An_account_with_no_entries_exports_just_the_header()
    {
        var result = await Credits("export", "--account", NewAccount());

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines, Has.Count.EqualTo(1));
        Assert.That(result.Error, Is.EqualTo("exported 0 rows to stdout\n"));
    }

    [Test]
    public async Task A_range_that_ends_before_it_starts_is_invalid_request_naming_end_time()
    {
        var result = await Credits("export", "--from", "2026-03-02T00:00:00Z", "--to", "2026-03-01T00:00:00Z");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Is.EqualTo("error: INVALID_REQUEST: end_time must be after start_time.\n"));
    }

    [Test]
    public async Task A_malformed_account_is_invalid_request()
    {
        var result = await Credits("export", "--account", "nobody");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Does.StartWith("error: INVALID_REQUEST: account_id must be"));
    }

    [Test]
    public async Task Csv_neutralises_text_a_spreadsheet_would_run_as_a_formula_but_keeps_negative_amounts_numbers()
    {
        var account = NewAccount();
        await Client.GrantAsync(new GrantRequest
        {
            AccountId = account, Amount = 100, Bucket = Bucket.Purchased, IdempotencyKey = "=1+1", Reference = "=HYPERLINK(\"https://evil.example\",\"refund\")",
        });
        var hold = (await Client.ReserveAsync(new ReserveRequest { AccountId = account, Amount = 30, IdempotencyKey = "@SUM(A1)" })).HoldId;
        await Client.CommitAsync(new CommitRequest { HoldId = hold });

        var result = await Credits("export", "--account", account);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        var rows = result.Out.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.That(rows[1], Does.Contain(",'=1+1,\"'=HYPERLINK(\"\"https://evil.example\"\",\"\"refund\"\")\","));
        Assert.That(rows[2], Does.Contain(",'@SUM(A1),"));
        Assert.That(rows[3], Does.Contain(",commit,-30,70,0,0,"), "a negative amount stays a number");
    }

    private async Task<(string Account, string Lot, string Hold)> GrantAndReserve()
    {
        var account = NewAccount();
        var grant = new GrantRequest
        {
            AccountId = account, Amount = 100, Bucket = Bucket.Purchased, IdempotencyKey = "exp-1", Reference = "ticket 7, refund",
            Metadata = { ["note"] = "said \"hi\", twice" },
        };
        var lot = (await Client.GrantAsync(grant)).LotId;
        var hold = (await Client.ReserveAsync(new ReserveRequest { AccountId = account, Amount = 30, IdempotencyKey = "exp-2" })).HoldId;
        return (account, lot, hold);
    }
}
