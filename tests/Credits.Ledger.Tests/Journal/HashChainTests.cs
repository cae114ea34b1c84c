using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Tests.Support;
using Credits.Ledger.Verification;
using Credits.Testing;

namespace Credits.Ledger.Tests.Journal;

public sealed class HashChainTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task Every_entry_carries_the_hash_of_the_previous_hash_and_its_canonical_bytes()
    {
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:a", 50) with
        {
            Metadata = new Dictionary<string, string> { ["order"] = "A-1", ["campaign"] = "spring" },
        });
        var hold = await Ledger.Reserve("user:a", 20);
        await Ledger.Commit(hold.HoldId, 15);

        var entries = await Ledger.History("user:a");

        var previous = JournalChain.Genesis.ToArray();
        foreach (var entry in entries)
        {
            Assert.That(entry.Hash, Has.Length.EqualTo(32), $"hash of sequence {entry.Sequence}");
            Assert.That(entry.Hash, Is.EqualTo(JournalChain.Next(previous, entry)), $"hash of sequence {entry.Sequence}");
            previous = entry.Hash!;
        }
        Assert.That(entries.Select(entry => JournalChain.ToHex(entry.Hash!)).Distinct().Count(), Is.EqualTo(entries.Count));
    }

    [Test]
    public async Task Each_account_has_its_own_chain_starting_from_the_genesis_hash()
    {
        await Ledger.Grant("user:a", 5);
        await Ledger.Grant("user:b", 5);

        var first = (await Ledger.History("user:b"))[0];

        Assert.That(first.Hash, Is.EqualTo(JournalChain.Next(JournalChain.Genesis, first)));
    }

    [Test]
    public async Task An_amount_edited_in_sql_is_caught_and_named_at_its_entry()
    {
        for (var i = 0; i < 4; i++)
        {
            await Ledger.Grant("user:a", 10);
        }
        await Ledger.Grant("user:b", 10);
        var stored = (await Ledger.History("user:a"))[2].Hash;

        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE journal SET amount = 11 WHERE account_id = 'user:a' AND sequence = 3");
        var report = await Ledger.Verifier.CheckAsync();
        // Put the row back so the fixture's closing check sees a sound ledger again.
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE journal SET amount = 10 WHERE account_id = 'user:a' AND sequence = 3");

        var breaks = report.Violations.Where(violation => violation.ChainBreak is not null).ToList();
        Assert.That(breaks, Has.Count.EqualTo(1), "only the first broken link of the edited account");
        Assert.That(breaks[0].AccountId, Is.EqualTo("user:a"));
        Assert.That(breaks[0].ChainBreak!.Sequence, Is.EqualTo(3));
        Assert.That(breaks[0].ChainBreak!.Stored, Is.EqualTo(stored));
        Assert.That(breaks[0].ChainBreak!.Expected, Is.Not.EqualTo(stored));
        Assert.That(breaks[0].Description, Does.Contain("sequence 3").And.Contain(JournalChain.ToHex(stored!)));
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty, "restored");
    }

    [Test]
    public async Task An_entry_without_a_hash_is_named_as_the_first_broken_link()
    {
        for (var i = 0; i < 3; i++)
        {
            await Ledger.Grant("user:a", 10);
        }

        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE journal SET hash = NULL WHERE account_id = 'user:a' AND sequence = 2");
        var report = await Ledger.Verifier.CheckAsync();
        // The back-fill repairs it, as it would a journal written before the chain existed (it
        // resumes after the last hashed entry, so the account's hashes are all cleared first).
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE journal SET hash = NULL WHERE account_id = 'user:a'");
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE accounts SET last_hash = NULL WHERE account_id = 'user:a'");
        await BackfillAsync();

        var broken = report.Violations.Single(violation => violation.ChainBreak is not null);
        Assert.That(broken.ChainBreak!.Sequence, Is.EqualTo(2));
        Assert.That(broken.ChainBreak!.Stored, Is.Null);
    }

    [Test]
    public async Task The_backfill_of_a_journal_written_without_hashes_gives_the_hashes_live_writing_gave()
    {
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:a", 40, Bucket.Free, expiresIn: TimeSpan.FromMinutes(1)) with
        {
            Metadata = new Dictionary<string, string> { ["z"] = "last", ["a"] = "first" },
        });
        await Ledger.Grant("user:a", 30);
        var committed = await Ledger.Reserve("user:a", 25);
        await Ledger.Commit(committed.HoldId, 5);
        var released = await Ledger.Reserve("user:a", 3);
        await Ledger.Release(released.HoldId);
        await Ledger.Reserve("user:a", 2, ttl: TimeSpan.FromSeconds(30));
        await Ledger.Grant("user:b", 7);
        await Ledger.Grant("lead:c", 1);
        Ledger.Advance(TimeSpan.FromMinutes(2));
        await Ledger.Sweeper.SweepOnceAsync();
        var live = await StoredHashesAsync();
        Assert.That(live.Count, Is.GreaterThan(10));
        Assert.That(live.Values, Has.None.Null);

        // As a journal written before the chain existed: no hashes at all, except a resumed
        // back-fill's progress, which keeps the first two entries of user:a.
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE journal SET hash = NULL WHERE NOT (account_id = 'user:a' AND sequence <= 2)");
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE accounts SET last_hash = NULL");
        var hashed = await BackfillAsync();

        Assert.That(hashed, Is.EqualTo(live.Count - 2));
        Assert.That(await StoredHashesAsync(), Is.EqualTo(live));
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty);
        await Ledger.Grant("user:a", 1);
        Assert.That(await Ledger.Verifier.VerifyAsync(), Is.Empty, "a write after the back-fill chains from the back-filled hash");
    }

    [Test]
    public async Task The_backfill_is_resumable_and_leaves_a_finished_journal_alone()
    {
        await Ledger.Ledger.ExecuteBatchAsync(Enumerable.Range(0, 10).Select(_ => (LedgerCommand)Ledger.GrantCommand("user:a", 1)).ToList());
        await Ledger.Grant("user:b", 1);
        var live = await StoredHashesAsync();

        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE journal SET hash = NULL");
        await TestSql.ExecuteAsync(Ledger.Database, "UPDATE accounts SET last_hash = NULL");
        var first = await BackfillAsync(entriesPerTransaction: 4);
        var again = await BackfillAsync(entriesPerTransaction: 4);

        Assert.That(first, Is.EqualTo(11), "user:a in three transactions, user:b in one");
        Assert.That(again, Is.Zero);
        Assert.That(await StoredHashesAsync(), Is.EqualTo(live));
    }

    [Test]
    public void The_canonical_encoding_matches_the_documented_test_vector()
    {
        // The same two entries and hashes as docs/journal-hash-chain.md, whose Python computes them independently.
        var grant = new JournalEntry("user:42", 1, EntryKind.Grant, 100, 100, 0, "lot_a", "", [new LotPart("lot_a", 100)], "", "test-service",
            "grant-1", new Dictionary<string, string> { ["order"] = "A-1", ["campaign"] = "spring" },
            DateTimeOffset.FromUnixTimeMilliseconds(1767225600000), Bucket.Purchased, "cs_test_1");
        var reserve = new JournalEntry("user:42", 2, EntryKind.Reserve, 0, 70, 30, "", "hold_b", [new LotPart("lot_a", 30)], "image.generate",
            "test-service", "reserve-1", new Dictionary<string, string>(), DateTimeOffset.FromUnixTimeMilliseconds(1767225601000), null, "");

        var first = JournalChain.Next(JournalChain.Genesis, grant);
        var second = JournalChain.Next(first, reserve);

        Assert.That(JournalChain.ToHex(first), Is.EqualTo("7bc3e7ad13be3ec3a11577a5456fe7531ada5291662ef7c6d3344935b9b6a5f7"));
        Assert.That(JournalChain.ToHex(second), Is.EqualTo("7ce9d31fd62f24bab93e7492a8828a489e8ffafa0485ac84db60797bed9df2d9"));
    }

    private async Task<long> BackfillAsync(int entriesPerTransaction = JournalChainBackfill.EntriesPerTransaction)
    {
        await using var connection = await TestSql.OpenAsync(Ledger.Database);
        return JournalChainBackfill.Run(connection, entriesPerTransaction);
    }

    private async Task<Dictionary<(string, long), string?>> StoredHashesAsync() =>
        (await TestSql.QueryAsync(Ledger.Database, "SELECT account_id, sequence, hash FROM journal",
            reader => (Key: (reader.GetString(0), reader.GetInt64(1)), Hash: reader.IsDBNull(2) ? null : JournalChain.ToHex((byte[])reader.GetValue(2)))))
        .ToDictionary(row => row.Key, row => row.Hash);
}
