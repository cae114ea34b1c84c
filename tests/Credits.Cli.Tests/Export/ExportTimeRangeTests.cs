using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.V1;

namespace Credits.Cli.Tests.Export;

/// <summary>export of a time range across accounts: [from, to), in time order, then account and sequence, across pages.</summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class ExportTimeRangeTests(DatabaseProvider provider)
{
    private static readonly string[] InRange = ["user:a#1=3", "user:b#2=2"];

    [Test]
    public async Task A_range_exports_entries_written_from_its_start_up_to_but_not_including_its_end_in_time_order()
    {
        await using var server = await CliServer.StartAsync(provider);
        using var client = server.Client();
        await Grant(client, "user:b", 1);                                  // 09:30, before the range
        server.Time!.Advance(TimeSpan.FromMinutes(1));
        await Grant(client, "user:b", 2);                                  // 09:31, in it
        await Grant(client, "user:a", 3);                                  // 09:31, in it, sorts before user:b
        server.Time.Advance(TimeSpan.FromMinutes(1));
        await Grant(client, "user:a", 4);                                  // 09:32, the end: left out

        var result = await server.RunAsync("export", "--from", "2026-03-01T09:31:00Z", "--to", "2026-03-01T09:32:00Z", "--format", "jsonl");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines.Select(Summary), Is.EqualTo(InRange));
        Assert.That(result.Error, Is.EqualTo("exported 2 rows to stdout\n"));
    }

    [TestCase(-62_135_596_801L, 0, "start_time", TestName = "A start before year 1 is invalid")]
    [TestCase(0L, 1_000_000_000, "start_time", TestName = "A start with nanos of a whole second is invalid")]
    [TestCase(253_402_300_800L, 0, "end_time", TestName = "An end after year 9999 is invalid")]
    public async Task A_malformed_timestamp_is_invalid_argument_naming_its_field_not_internal(long seconds, int nanos, string field)
    {
        await using var server = await CliServer.StartAsync(provider);
        using var client = server.Client();
        var bad = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = seconds, Nanos = nanos };
        var request = field == "start_time" ? new ExportJournalRequest { StartTime = bad } : new ExportJournalRequest { EndTime = bad };

        var error = await Assert.ThrowsAsync<Grpc.Core.RpcException>(async () =>
        {
            using var call = client.Admin.ExportJournal(request);
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });

        Assert.That(error!.StatusCode, Is.EqualTo(Grpc.Core.StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain(field));
    }

    [Test]
    public async Task An_export_of_everything_pages_through_more_rows_than_one_page_without_a_gap_or_a_repeat()
    {
        await using var server = await CliServer.StartAsync(provider);
        using var client = server.Client();
        const int Grants = 1200;
        // Several entries share each millisecond, so the cursor must also order by account and sequence.
        for (var i = 0; i < Grants; i++)
        {
            await Grant(client, $"user:{i % 7}", i + 1);
            if (i % 150 == 0)
            {
                server.Time!.Advance(TimeSpan.FromMilliseconds(1));
            }
        }

        var result = await server.RunAsync("export", "--format", "jsonl");

        Assert.That(result.ExitCode, Is.Zero, result.Error);
        var amounts = result.OutLines.Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("amount").GetInt64()).ToList();
        Assert.That(amounts, Is.EquivalentTo(Enumerable.Range(1, Grants).Select(i => (long)i)));
        Assert.That(result.Error, Is.EqualTo($"exported {Grants} rows to stdout\n"));
    }

    private static string Summary(string line)
    {
        var json = System.Text.Json.JsonDocument.Parse(line).RootElement;
        return $"{json.GetProperty("accountId").GetString()}#{json.GetProperty("sequence").GetInt64()}={json.GetProperty("amount").GetInt64()}";
    }

    private static Task<GrantResponse> Grant(Credits.Client.CreditsClient client, string account, long amount) =>
        client.GrantAsync(new GrantRequest { AccountId = account, Amount = amount, Bucket = Bucket.Free, IdempotencyKey = $"g-{amount}" });
}
