using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Server.Tests.Contract;

/// <summary>Every RPC through the wrapper client: the response fields the contract promises.</summary>
public sealed class LedgerRpcTests(DatabaseProvider provider) : ServerFixture(provider)
{
    [Test]
    public async Task Grant_returns_the_new_lot_and_the_balance_with_its_bucket_breakdown()
    {
        var account = NewAccount();

        var granted = await Writer.GrantAsync(GrantRequest(account, 100, Bucket.Purchased));

        Assert.That(granted.LotId, Is.Not.Empty);
        var balance = granted.Balance;
        Assert.That(balance.AccountId, Is.EqualTo(account));
        Assert.That(balance.Available, Is.EqualTo(100));
        Assert.That(balance.Held, Is.Zero);
        Assert.That(balance.Buckets, Is.EqualTo(new[] { new BucketBalance { Bucket = Bucket.Purchased, Available = 100 } }));
        Assert.That(balance.NextExpiry, Is.Null, "nothing expires");
    }

    [Test]
    public async Task A_lot_that_expires_shows_as_next_expiry_and_buckets_list_only_non_empty_buckets()
    {
        var account = NewAccount();
        var soon = Now + TimeSpan.FromHours(1);
        await Grant(account, 50, Bucket.Purchased);
        await Grant(account, 20, Bucket.Promo, expiresAt: Now + TimeSpan.FromDays(2));

        var granted = await Writer.GrantAsync(GrantRequest(account, 30, Bucket.Free, expiresAt: soon));

        var balance = granted.Balance;
        Assert.That(balance.Available, Is.EqualTo(100));
        Assert.That(balance.NextExpiry, Is.Not.Null);
        Assert.That(balance.NextExpiry.Amount, Is.EqualTo(30));
        Assert.That(balance.NextExpiry.ExpiresAt, Is.EqualTo(Timestamp.FromDateTimeOffset(soon)));
        Assert.That(balance.Buckets.OrderBy(b => b.Bucket), Is.EqualTo(new[]
        {
            new BucketBalance { Bucket = Bucket.Free, Available = 30 },
            new BucketBalance { Bucket = Bucket.Purchased, Available = 50 },
            new BucketBalance { Bucket = Bucket.Promo, Available = 20 },
        }));
    }

    [Test]
    public async Task Reserve_by_amount_holds_the_credits_until_now_plus_ttl()
    {
        var account = NewAccount();
        await Grant(account, 100);

        var reserved = await Writer.ReserveAsync(ReserveRequest(account, 30, ttl: TimeSpan.FromMinutes(2)));

        Assert.That(reserved.HoldId, Is.Not.Empty);
        Assert.That(reserved.Amount, Is.EqualTo(30));
        Assert.That(reserved.ExpiresAt, Is.EqualTo(Timestamp.FromDateTimeOffset(Now + TimeSpan.FromMinutes(2))));
        Assert.That(reserved.Balance.Available, Is.EqualTo(70));
        Assert.That(reserved.Balance.Held, Is.EqualTo(30));
        Assert.That(reserved.Balance.Buckets, Is.EqualTo(new[] { new BucketBalance { Bucket = Bucket.Purchased, Available = 70, Held = 30 } }));
    }

    [Test]
    public async Task Reserve_without_ttl_holds_for_five_minutes()
    {
        var account = NewAccount();
        await Grant(account, 10);

        var reserved = await Writer.ReserveAsync(ReserveRequest(account, 4));

        Assert.That(reserved.ExpiresAt, Is.EqualTo(Timestamp.FromDateTimeOffset(Now + TimeSpan.FromMinutes(5))));
    }

    [Test]
    public async Task Reserve_by_feature_prices_it_on_the_server_and_records_the_feature()
    {
        var account = NewAccount();
        await Grant(account, 100);

        var reserved = await Writer.ReserveAsync(new ReserveRequest
        {
            AccountId = account,
            Feature = LedgerServer.Feature,
            Quantity = 3,
            IdempotencyKey = NewKey(),
        });

        Assert.That(reserved.Amount, Is.EqualTo(3 * LedgerServer.FeaturePrice));
        Assert.That(reserved.Balance.Available, Is.EqualTo(100 - (3 * LedgerServer.FeaturePrice)));
        Assert.That(reserved.Balance.Held, Is.EqualTo(3 * LedgerServer.FeaturePrice));
        var entry = (await History(account)).Last();
        Assert.That(entry.Kind, Is.EqualTo(EntryKind.Reserve));
        Assert.That(entry.Feature, Is.EqualTo(LedgerServer.Feature));
        Assert.That(entry.HoldId, Is.EqualTo(reserved.HoldId));
    }

    [Test]
    public async Task Commit_of_the_whole_hold_debits_it_all()
    {
        var account = NewAccount();
        await Grant(account, 100);
        var hold = await Reserve(account, 30);

        var committed = await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });

        Assert.That(committed.Committed, Is.EqualTo(30));
        Assert.That(committed.Released, Is.Zero);
        Assert.That(committed.Balance.Available, Is.EqualTo(70));
        Assert.That(committed.Balance.Held, Is.Zero);
        Assert.That(committed.Balance.Buckets, Is.EqualTo(new[] { new BucketBalance { Bucket = Bucket.Purchased, Available = 70 } }));
    }

    [Test]
    public async Task A_partial_commit_debits_that_much_returns_the_rest_and_is_one_journal_entry()
    {
        var account = NewAccount();
        await Grant(account, 100);
        var hold = await Reserve(account, 30);

        var committed = await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId, Amount = 12 });

        Assert.That(committed.Committed, Is.EqualTo(12));
        Assert.That(committed.Released, Is.EqualTo(18));
        Assert.That(committed.Balance.Available, Is.EqualTo(88));
        Assert.That(committed.Balance.Held, Is.Zero);
        var history = await History(account);
        Assert.That(history.Select(e => e.Kind), Is.EqualTo(new[] { EntryKind.Grant, EntryKind.Reserve, EntryKind.Commit }));
        Assert.That(history[2].Amount, Is.EqualTo(-12));
        Assert.That(history[2].AvailableAfter, Is.EqualTo(88));
        Assert.That(history[2].HeldAfter, Is.Zero);
    }

    [Test]
    public async Task Release_gives_the_whole_hold_back()
    {
        var account = NewAccount();
        await Grant(account, 100);
        var hold = await Reserve(account, 30);

        var released = await Writer.ReleaseAsync(new ReleaseRequest { HoldId = hold.HoldId });

        Assert.That(released.Released, Is.EqualTo(30));
        Assert.That(released.Balance.Available, Is.EqualTo(100));
        Assert.That(released.Balance.Held, Is.Zero);
    }

    [Test]
    public async Task GetBalance_reads_what_the_last_change_left()
    {
        var account = NewAccount();
        await Grant(account, 100);
        await Reserve(account, 25);

        var balance = await Writer.GetBalanceAsync(account);

        Assert.That(balance.AccountId, Is.EqualTo(account));
        Assert.That(balance.Available, Is.EqualTo(75));
        Assert.That(balance.Held, Is.EqualTo(25));
        Assert.That(balance.Buckets, Is.EqualTo(new[] { new BucketBalance { Bucket = Bucket.Purchased, Available = 75, Held = 25 } }));
    }

    [Test]
    public async Task GetBalance_of_an_unknown_account_reads_as_empty_and_writes_nothing()
    {
        var account = NewAccount();

        var balance = await Writer.GetBalanceAsync(account);

        Assert.That(balance.Available, Is.Zero);
        Assert.That(balance.Held, Is.Zero);
        Assert.That(balance.Buckets, Is.Empty);
        Assert.That(balance.NextExpiry, Is.Null);
        Assert.That(await History(account), Is.Empty);
    }

    [Test]
    public async Task GetBalance_of_an_unused_lead_reads_as_its_free_allowance_and_writes_nothing()
    {
        var lead = NewAccount("lead");

        var balance = await Writer.GetBalanceAsync(lead);

        Assert.That(balance.Available, Is.EqualTo(LedgerServer.LeadAllowance));
        Assert.That(balance.Buckets, Is.EqualTo(new[] { new BucketBalance { Bucket = Bucket.Lead, Available = LedgerServer.LeadAllowance } }));
        Assert.That(await History(lead), Is.Empty);
    }

    [Test]
    public async Task StreamHistory_returns_every_change_with_its_signed_amount_and_the_balance_after_it()
    {
        var account = NewAccount();
        var grant = await Grant(account, 100);
        var hold = await Reserve(account, 30);
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId, Amount = 10 });

        var history = await History(account);

        Assert.That(history.Select(e => e.Sequence), Is.EqualTo(new long[] { 1, 2, 3 }));
        Assert.That(history.Select(e => e.Kind), Is.EqualTo(new[] { EntryKind.Grant, EntryKind.Reserve, EntryKind.Commit }));
        Assert.That(history.Select(e => e.Amount), Is.EqualTo(new long[] { 100, 0, -10 }));
        Assert.That(history.Select(e => e.AvailableAfter), Is.EqualTo(new long[] { 100, 70, 90 }));
        Assert.That(history.Select(e => e.HeldAfter), Is.EqualTo(new long[] { 0, 30, 0 }));
        Assert.That(history[0].LotId, Is.EqualTo(grant.LotId));
        Assert.That(history[0].Bucket, Is.EqualTo(Bucket.Purchased));
        Assert.That(history[0].Reference, Is.EqualTo("test"));
        Assert.That(history[1].HoldId, Is.EqualTo(hold.HoldId));
        Assert.That(history[2].HoldId, Is.EqualTo(hold.HoldId));
        Assert.That(history[2].Parts, Is.EqualTo(new[] { new LotPart { LotId = grant.LotId, Amount = 10 } }));
        Assert.That(history.Select(e => e.CreatedAt), Has.All.EqualTo(Timestamp.FromDateTimeOffset(Now)));
    }

    [Test]
    public async Task ClaimLead_moves_an_unused_leads_allowance_into_the_user_in_the_lead_bucket()
    {
        var lead = NewAccount("lead");
        var user = NewAccount("user");
        await Grant(user, 7);

        var claimed = await Writer.ClaimLeadAsync(new ClaimLeadRequest { LeadAccountId = lead, UserAccountId = user, IdempotencyKey = NewKey() });

        Assert.That(claimed.Moved, Is.EqualTo(LedgerServer.LeadAllowance));
        Assert.That(claimed.Balance.AccountId, Is.EqualTo(user));
        Assert.That(claimed.Balance.Available, Is.EqualTo(7 + LedgerServer.LeadAllowance));
        Assert.That(claimed.Balance.Buckets.OrderBy(b => b.Bucket), Is.EqualTo(new[]
        {
            new BucketBalance { Bucket = Bucket.Lead, Available = LedgerServer.LeadAllowance },
            new BucketBalance { Bucket = Bucket.Purchased, Available = 7 },
        }));
        Assert.That((await Writer.GetBalanceAsync(lead)).Available, Is.Zero);
        Assert.That((await History(user)).Last().Kind, Is.EqualTo(EntryKind.TransferIn));
        Assert.That((await History(lead)).Last().Kind, Is.EqualTo(EntryKind.TransferOut));
    }

    [Test]
    public async Task Journal_entries_written_through_the_writer_key_name_writer_as_their_actor()
    {
        var account = NewAccount();
        await Grant(account, 100);
        var hold = await Reserve(account, 10);
        await Writer.CommitAsync(new CommitRequest { HoldId = hold.HoldId });
        var second = await Reserve(account, 5);
        await Writer.ReleaseAsync(new ReleaseRequest { HoldId = second.HoldId });

        var history = await History(account);

        Assert.That(history, Has.Count.EqualTo(5));
        Assert.That(history.Select(e => e.Actor), Has.All.EqualTo(TestKeys.WriterName));
    }
}
