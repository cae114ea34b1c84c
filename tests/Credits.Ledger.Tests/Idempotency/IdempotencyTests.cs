using LinqToDB;
using LinqToDB.Async;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Errors;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Idempotency;

public sealed class IdempotencyTests(DatabaseProvider provider) : LedgerFixture(provider)
{
    [Test]
    public async Task A_grant_retried_with_the_same_key_returns_the_first_response_and_grants_once()
    {
        var command = Ledger.GrantCommand("user:1", 10, key: "grant-1");

        var first = await Ledger.Ledger.GrantAsync(command);
        await Ledger.Grant("user:1", 1);
        var retry = await Ledger.Ledger.GrantAsync(command);

        Assert.That(retry.LotId, Is.EqualTo(first.LotId));
        Assert.That(retry.Balance.Available, Is.EqualTo(first.Balance.Available), "the original response, balance included");
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(11));
    }

    [Test]
    public async Task A_key_reused_with_a_different_request_fails_with_idempotency_key_reused_and_changes_nothing()
    {
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 10, key: "grant-1"));

        var error = await Fails(() => Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 11, key: "grant-1")));

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.IdempotencyKeyReused));
        Assert.That(error.Metadata["idempotencyKey"], Is.EqualTo("grant-1"));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
    }

    [Test]
    public async Task A_reserve_retried_with_the_same_key_returns_the_same_hold()
    {
        await Ledger.Grant("user:1", 10);
        var command = Ledger.ReserveCommand("user:1", 4, key: "reserve-1");

        var first = await Ledger.Ledger.ReserveAsync(command);
        var retry = await Ledger.Ledger.ReserveAsync(command);

        Assert.That(retry.HoldId, Is.EqualTo(first.HoldId));
        Assert.That(retry.ExpiresAt, Is.EqualTo(first.ExpiresAt));
        Assert.That((await Ledger.Balance("user:1")).Held, Is.EqualTo(4));
    }

    [Test]
    public async Task A_reserve_retried_after_its_hold_was_committed_returns_the_first_response_without_reserving_again()
    {
        await Ledger.Grant("user:1", 10);
        var command = Ledger.ReserveCommand("user:1", 4, key: "reserve-1");
        var first = await Ledger.Ledger.ReserveAsync(command);
        await Ledger.Commit(first.HoldId);

        var retry = await Ledger.Ledger.ReserveAsync(command);

        Assert.That(retry.HoldId, Is.EqualTo(first.HoldId));
        var balance = await Ledger.Balance("user:1");
        Assert.That((balance.Available, balance.Held), Is.EqualTo((6L, 0L)));
    }

    [Test]
    public async Task A_priced_reserve_retried_after_a_price_change_returns_the_first_response()
    {
        await Ledger.Grant("user:1", 100);
        var command = new ReserveCommand(LedgerHarness.Caller, "user:1", null, "image.generate", 2, null, "priced-1", LedgerHarness.NoMetadata);
        var first = await Ledger.Ledger.ReserveAsync(command);

        Ledger.PriceTable["image.generate"] = 50;
        var retry = await Ledger.Ledger.ReserveAsync(command);

        Assert.That((retry.HoldId, retry.Amount), Is.EqualTo((first.HoldId, 10L)));
    }

    [Test]
    public async Task Keys_are_scoped_by_caller_so_two_services_may_use_the_same_key()
    {
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 10, key: "shared", actor: "billing"));
        await Ledger.Ledger.GrantAsync(Ledger.GrantCommand("user:1", 10, key: "shared", actor: "support"));

        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(20));
    }

    [Test]
    public async Task A_failed_request_claims_no_key_so_a_retry_can_succeed_later()
    {
        var command = Ledger.ReserveCommand("user:1", 5, key: "early");
        var error = await Fails(() => Ledger.Ledger.ReserveAsync(command));
        await Ledger.Grant("user:1", 5);

        var retry = await Ledger.Ledger.ReserveAsync(command);

        Assert.That(error.Kind, Is.EqualTo(LedgerErrorKind.InsufficientCredits));
        Assert.That(retry.Amount, Is.EqualTo(5));
    }

    [Test]
    public async Task A_key_past_its_retention_window_is_a_new_request()
    {
        var command = Ledger.GrantCommand("user:1", 10, key: "old");
        await Ledger.Ledger.GrantAsync(command);
        Ledger.Advance(Ledger.Options.IdempotencyKeyRetention + TimeSpan.FromSeconds(1));

        await Ledger.Ledger.GrantAsync(command);

        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(20));
    }

    [Test]
    public async Task The_sweep_forgets_expired_keys_in_bounded_deletes_until_none_is_left_and_keeps_live_ones()
    {
        // 25 milliseconds of 10 keys each: a delete of up to 40 keys takes whole milliseconds.
        for (var i = 0; i < 25; i++)
        {
            await Ledger.Ledger.ExecuteBatchAsync(Enumerable.Range(0, 10)
                .Select(_ => (Commands.LedgerCommand)Ledger.GrantCommand("user:1", 1)).ToList());
            Ledger.Advance(TimeSpan.FromMilliseconds(1));
        }
        Ledger.Advance(Ledger.Options.IdempotencyKeyRetention + TimeSpan.FromSeconds(1));
        var live = Ledger.GrantCommand("user:1", 10, key: "live");
        await Ledger.Ledger.GrantAsync(live);

        await Ledger.Sweeper.SweepOnceAsync(accountsMax: 1000, keysPerDelete: 40, CancellationToken.None);

        await using var db = Ledger.Database.Open();
        Assert.That(await db.IdempotencyKeys.CountAsync(), Is.EqualTo(1), "all 250 expired keys went, over several bounded deletes; the live one stayed");
        await Ledger.Ledger.GrantAsync(live);
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(260), "the live key still replays");
    }

    [Test]
    public async Task The_same_grant_sent_ten_times_at_once_is_applied_once()
    {
        var command = Ledger.GrantCommand("user:1", 10, key: "burst");

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Task.Run(() => Ledger.Ledger.GrantAsync(command))));

        Assert.That(results.Select(r => r.LotId).Distinct().Count(), Is.EqualTo(1));
        Assert.That((await Ledger.Balance("user:1")).Available, Is.EqualTo(10));
    }
}
