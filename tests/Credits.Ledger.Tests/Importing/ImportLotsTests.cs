using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Credits.Ledger.Tests.Importing;

/// <summary>ImportLots: rows of an older credits table, each applied once per account, ever; a bad row applies nothing.</summary>
public sealed class ImportLotsTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    private DateTimeOffset Now => Ledger.Time.GetUtcNow();

    private static ImportRow Balance(string source, string account, long credits, Bucket bucket = Bucket.Purchased,
        DateTimeOffset? expiresAt = null, string note = "") =>
        new(source, account, ImportRowKind.Balance, credits, bucket, expiresAt, null, note);

    private static ImportRow History(string source, string account, long credits, DateTimeOffset occurredAt, string note) =>
        new(source, account, ImportRowKind.History, credits, default, null, occurredAt, note);

    private Task<ImportLotsResult> Import(params ImportRow[] rows) =>
        Ledger.Ledger.ImportLotsAsync(new ImportLotsCommand(LedgerHarness.Caller, rows));

    private async Task<(int Lots, long Credits, int Imported)> Stored()
    {
        await using var db = Ledger.Database.Open();
        var lots = await db.Lots.CountAsync();
        var credits = await db.Lots.SumAsync(lot => (long?)lot.Remaining) ?? 0;
        var imported = await db.ExecuteAsync<int>("SELECT COUNT(*) FROM imported_rows");
        return (lots, credits, imported);
    }

    [Test]
    public async Task Balance_rows_become_lots_and_history_rows_become_notes_that_change_nothing()
    {
        var expiry = Now.AddDays(30);
        var result = await Import(
            Balance("old-1", "user:ana", 120, Bucket.Purchased, expiry, note: "pack of 2024"),
            Balance("old-2", "user:ana", 20, Bucket.Free),
            History("old-3", "user:ana", -35, Now.AddDays(-100), "generated 7 images"),
            Balance("old-4", "user:ben", 5, Bucket.Promo));

        Assert.That(result.Outcomes, Is.All.EqualTo(ImportRowOutcome.Imported));
        Assert.That(result.LotIds.Select((id, row) => (row, id.Length > 0)), Is.EqualTo(new[] { (0, true), (1, true), (2, false), (3, true) }), "history rows make no lot");
        var ana = await Ledger.Balance("user:ana");
        Assert.That(ana.Available, Is.EqualTo(140));
        Assert.That((await Ledger.Balance("user:ben")).Available, Is.EqualTo(5));
        var entries = await Ledger.History("user:ana");
        Assert.That(entries.Select(entry => (entry.Kind, entry.Amount, entry.Reference)), Is.EqualTo(new[]
        {
            (EntryKind.Grant, 120L, "import:old-1"), (EntryKind.Grant, 20L, "import:old-2"), (EntryKind.Note, 0L, "import:old-3"),
        }));
        Assert.That(entries[0].Metadata["import.note"], Is.EqualTo("pack of 2024"));
        Assert.That((entries[2].Metadata["import.credits"], entries[2].Metadata["import.source_id"]), Is.EqualTo(("-35", "old-3")));
        Assert.That(entries[2].Metadata["import.occurred_at"], Is.EqualTo(Now.AddDays(-100).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'")));
        await using var db = Ledger.Database.Open();
        var lot = await db.Lots.SingleAsync(row => row.LotId == result.LotIds[0]);
        Assert.That((lot.Bucket, lot.ExpiresAtMs, lot.Remaining), Is.EqualTo(((int)Bucket.Purchased, (long?)expiry.ToUnixTimeMilliseconds(), 120L)));
    }

    [Test]
    public async Task A_row_imported_again_changes_nothing_and_a_row_whose_content_changed_is_reported_not_applied()
    {
        var first = await Import(Balance("old-1", "user:ana", 120), Balance("old-2", "user:ana", 30));

        Ledger.Advance(TimeSpan.FromDays(400));
        var again = await Import(Balance("old-1", "user:ana", 120), Balance("old-2", "user:ana", 31), Balance("old-9", "user:ana", 1));

        Assert.That(again.Outcomes, Is.EqualTo(new[] { ImportRowOutcome.AlreadyImported, ImportRowOutcome.Changed, ImportRowOutcome.Imported }));
        Assert.That(again.LotIds.Take(2), Is.EqualTo(first.LotIds), "a repeated row names the lot its first import made");
        Assert.That((await Ledger.Balance("user:ana")).Available, Is.EqualTo(151), "120 + 30 once, the changed row's 31 never, plus the new 1");
        Assert.That(await Stored(), Is.EqualTo((3, 151L, 3)));
    }

    [Test]
    public async Task The_same_source_id_in_two_accounts_is_two_rows()
    {
        var result = await Import(Balance("old-1", "user:ana", 10), Balance("old-1", "user:ben", 10));

        Assert.That(result.Imported, Is.EqualTo(2));
    }

    [TestCase("source", "rows[1].source_id")]
    [TestCase("twice", "rows[1].source_id")]
    [TestCase("account", "rows[1].account_id")]
    [TestCase("zero", "rows[1].credits")]
    [TestCase("huge", "rows[1].credits")]
    [TestCase("lead bucket", "rows[1].bucket")]
    [TestCase("no bucket", "rows[1].bucket")]
    [TestCase("no kind", "rows[1].kind")]
    [TestCase("history expiry", "rows[1].expires_at")]
    [TestCase("history zero", "rows[1].credits")]
    [TestCase("control", "rows[1].note")]
    [TestCase("expired", "rows[1].expires_at")]
    public async Task One_bad_row_is_invalid_request_naming_it_and_nothing_is_imported(string mistake, string field)
    {
        var good = Balance("old-1", "user:ana", 10);
        var bad = mistake switch
        {
            "source" => good with { SourceId = "" },
            "twice" => good,
            "account" => good with { SourceId = "old-2", AccountId = "ana" },
            "zero" => good with { SourceId = "old-2", Credits = 0 },
            "huge" => good with { SourceId = "old-2", Credits = 1_000_000_000_001 },
            "lead bucket" => good with { SourceId = "old-2", Bucket = Bucket.Lead },
            "no bucket" => good with { SourceId = "old-2", Bucket = default },
            "no kind" => good with { SourceId = "old-2", Kind = default },
            "history expiry" => History("old-2", "user:ana", 5, Now, "") with { ExpiresAt = Now.AddDays(1) },
            "history zero" => History("old-2", "user:ana", 0, Now, ""),
            "control" => good with { SourceId = "old-2", Note = "line\u0007bell" },
            _ => good with { SourceId = "old-2", ExpiresAt = Now },
        };

        var error = await Fails(() => Import(good, bad, Balance("old-3", "user:ben", 5)));

        Assert.That((error.Kind, error.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, field)));
        Assert.That(await Stored(), Is.EqualTo((0, 0L, 0)));
    }

    [Test]
    public async Task An_account_without_room_for_its_rows_refuses_the_whole_import_and_more_than_a_thousand_rows_is_refused()
    {
        Ledger.Options.LiveLotsPerAccountMax = 2;

        var full = await Fails(() => Import(Balance("old-1", "user:ben", 7), Balance("old-2", "user:ana", 1), Balance("old-3", "user:ana", 1),
            Balance("old-4", "user:ana", 1)));
        var tooMany = await Fails(() => Import([.. Enumerable.Range(0, 1001).Select(i => Balance($"old-{i}", "user:ana", 1))]));

        Assert.That(full.Kind, Is.EqualTo(LedgerErrorKind.AccountLimitReached));
        Assert.That((tooMany.Kind, tooMany.Metadata["field"]), Is.EqualTo((LedgerErrorKind.InvalidRequest, "rows")));
        Assert.That(await Stored(), Is.EqualTo((0, 0L, 0)));
    }

    [Test]
    public async Task An_imported_balance_first_repays_what_the_account_owes_as_every_grant_does()
    {
        await Ledger.Grant("user:ana", 10);
        var hold = await Ledger.Reserve("user:ana", 10);
        await Ledger.Ledger.CommitAsync(new CommitCommand(LedgerHarness.Caller, hold.HoldId, 10, LedgerHarness.NoMetadata));

        await Import(Balance("old-1", "user:ana", 50));

        Assert.That((await Ledger.Balance("user:ana")).Available, Is.EqualTo(50));
    }

    [Test]
    public async Task Eight_callers_importing_the_same_rows_at_once_import_each_row_once()
    {
        var rows = Enumerable.Range(0, 200).Select(i => Balance($"old-{i}", $"user:{i % 40}", 1 + (i % 7))).ToArray();
        var expected = rows.Sum(row => row.Credits);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Import(rows))));

        Assert.That(results.Sum(result => result.Imported), Is.EqualTo(200), "each row applied by exactly one caller");
        Assert.That(results.SelectMany(result => result.Outcomes).Count(outcome => outcome == ImportRowOutcome.AlreadyImported), Is.EqualTo(7 * 200));
        Assert.That(await Stored(), Is.EqualTo((200, expected, 200)));
    }

    [Test]
    public async Task A_hundred_thousand_rows_imported_twice_are_imported_once()
    {
        const int rowCount = 100_000;
        // As an older table exports them, by account: 5,000 accounts with 20 rows each, every tenth a history row.
        var rows = Enumerable.Range(0, rowCount)
            .Select(i => i % 10 == 9
                ? History($"old-{i}", $"user:{i / 20}", -(1 + i % 50), Now.AddDays(-i % 300), "spent")
                : Balance($"old-{i}", $"user:{i / 20}", 1 + i % 97, i % 3 == 0 ? Bucket.Free : Bucket.Purchased,
                    i % 4 == 0 ? Now.AddDays(30 + i % 200) : null))
            .ToArray();
        var chunks = rows.Chunk(ImportRows).ToArray();
        var credits = rows.Where(row => row.Kind == ImportRowKind.Balance).Sum(row => row.Credits);

        var first = await ImportAll(chunks);
        var second = await ImportAll(chunks);

        Assert.That((first.Imported, first.Already), Is.EqualTo((rowCount, 0)));
        Assert.That((second.Imported, second.Already), Is.EqualTo((0, rowCount)));
        Assert.That(await Stored(), Is.EqualTo((rowCount - rowCount / 10, credits, rowCount)));
    }

    // As the CLI sends them: chunks of about its size, in order, two calls in flight.
    private const int ImportRows = 500;

    private async Task<(int Imported, int Already)> ImportAll(ImportRow[][] chunks)
    {
        var imported = 0;
        var already = 0;
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (chunk, _) =>
        {
            var result = await Import(chunk);
            Interlocked.Add(ref imported, result.Imported);
            Interlocked.Add(ref already, result.Outcomes.Count(outcome => outcome == ImportRowOutcome.AlreadyImported));
        });
        return (imported, already);
    }
}
