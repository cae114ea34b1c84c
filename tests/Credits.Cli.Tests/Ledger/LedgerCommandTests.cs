using System.Text.Json;
using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.V1;

namespace Credits.Cli.Tests.Ledger;

/// <summary>balance, grant, reserve, commit, release, claim-lead and transfer: tables by default, JSON with --json, the server's reasons on bad input.</summary>
public sealed class LedgerCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    [Test]
    public async Task Balance_prints_the_totals_and_the_buckets_as_a_table()
    {
        var account = NewAccount();
        await Grant(account, 80, "g-1");

        var result = await Credits("balance", account);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines, Is.EqualTo(new[]
        {
            $"{"account".PadRight(account.Length)}  available  held  owed  frozen  next expiry",
            $"{account}  80         0     0     0       -",
            "bucket     available  held",
            "purchased  80         0",
        }));
        Assert.That(result.Error, Is.Empty);
    }

    [Test]
    public async Task Balance_with_json_prints_the_balance_message_with_every_field()
    {
        var account = NewAccount();
        await Grant(account, 80, "g-1");

        var result = await Credits("balance", account, "--json");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        using var json = JsonDocument.Parse(result.Out);
        Assert.That(json.RootElement.GetProperty("accountId").GetString(), Is.EqualTo(account));
        Assert.That(json.RootElement.GetProperty("available").GetString(), Is.EqualTo("80"));
        Assert.That(json.RootElement.GetProperty("held").GetString(), Is.EqualTo("0"));
        Assert.That(json.RootElement.GetProperty("buckets")[0].GetProperty("bucket").GetString(), Is.EqualTo("BUCKET_PURCHASED"));
    }

    [Test]
    public async Task Grant_adds_a_lot_in_the_named_bucket_and_a_repeat_with_the_same_key_applies_once()
    {
        var account = NewAccount();

        var first = await Credits("grant", account, "25", "--bucket", "gift", "--idempotency-key", "ticket-7", "--metadata", "ticket=7");
        var repeat = await Credits("grant", account, "25", "--bucket", "gift", "--idempotency-key", "ticket-7", "--metadata", "ticket=7");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(repeat.ExitCode, Is.Zero, repeat.ToString());
        Assert.That(first.OutLines[0], Does.Match("^granted 25 as lot lot_[A-Za-z0-9_-]+ \\(idempotency key ticket-7\\)$"));
        Assert.That(repeat.OutLines[0], Is.EqualTo(first.OutLines[0]));
        var balance = await Client.GetBalanceAsync(account);
        Assert.That(balance.Available, Is.EqualTo(25));
        Assert.That(balance.Buckets.Single().Bucket, Is.EqualTo(Bucket.Gift));
    }

    [Test]
    public async Task Grant_with_features_makes_a_scoped_lot_that_the_balance_shows_apart()
    {
        var account = NewAccount();

        var result = await Credits("grant", account, "30", "--bucket", "promo", "--feature", "text.summarize", "--feature", "image.generate");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines[0], Does.StartWith("granted 30 for text.summarize, image.generate as lot lot_"));
        Assert.That(result.Out, Does.Contain("scoped to"));
        Assert.That(result.Out, Does.Match("image\\.generate,text\\.summarize +30 +0"));
        var balance = await Client.GetBalanceAsync(account);
        Assert.That((balance.Available, balance.Scoped.Single().Available), Is.EqualTo((0L, 30L)));
    }

    [Test]
    public async Task Reserve_then_commit_part_debits_it_and_returns_the_rest()
    {
        var account = NewAccount();
        await Grant(account, 100, "g-1");

        var reserved = await Credits("reserve", account, "30", "--json");
        var holdId = JsonDocument.Parse(reserved.Out).RootElement.GetProperty("holdId").GetString()!;
        var committed = await Credits("commit", holdId, "--amount", "20");

        Assert.That(reserved.ExitCode, Is.Zero, reserved.ToString());
        Assert.That(committed.ExitCode, Is.Zero, committed.ToString());
        Assert.That(committed.OutLines[0], Is.EqualTo("committed 20, released 10"));
        Assert.That((await Client.GetBalanceAsync(account)).Available, Is.EqualTo(80));
    }

    [Test]
    public async Task Reserve_then_release_gives_everything_back()
    {
        var account = NewAccount();
        await Grant(account, 100, "g-1");

        var reserved = await Credits("reserve", account, "30", "--json");
        var holdId = JsonDocument.Parse(reserved.Out).RootElement.GetProperty("holdId").GetString()!;
        var released = await Credits("release", holdId);

        Assert.That(released.ExitCode, Is.Zero, released.ToString());
        Assert.That(released.OutLines[0], Is.EqualTo("released 30"));
        Assert.That((await Client.GetBalanceAsync(account)).Available, Is.EqualTo(100));
    }

    [Test]
    public async Task Reserve_by_feature_holds_its_price_times_the_quantity()
    {
        var account = NewAccount();
        await Grant(account, 100, "g-1");

        var result = await Credits("reserve", account, "--feature", "image.generate", "--quantity", "3");

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines[0], Does.StartWith("reserved 15 as hold hold_"));
    }

    [Test]
    public async Task Claim_lead_moves_the_leads_free_credits_to_the_user()
    {
        var lead = NewAccount("lead");
        var user = NewAccount();

        var result = await Credits("claim-lead", lead, user);

        Assert.That(result.ExitCode, Is.Zero, result.ToString());
        Assert.That(result.OutLines[0], Does.StartWith($"moved 20 from {lead}"));
        Assert.That((await Client.GetBalanceAsync(user)).Available, Is.EqualTo(20));
    }

    [Test]
    public async Task Transfer_moves_credits_prints_both_balances_and_a_repeat_with_the_same_key_applies_once()
    {
        var (from, to) = (NewAccount(), NewAccount());
        await Grant(from, 50, "t-grant");

        var first = await Credits("transfer", "--from", from, "--to", to, "--amount", "20", "--note", "thanks", "--key", "gift-1");
        var repeat = await Credits("transfer", "--from", from, "--to", to, "--amount", "20", "--note", "thanks", "--key", "gift-1");

        Assert.That(first.ExitCode, Is.Zero, first.ToString());
        Assert.That(first.OutLines[0], Is.EqualTo($"moved 20 from {from} to {to} (idempotency key gift-1)"));
        Assert.That(first.OutLines, Has.Some.StartsWith($"{from}  30 "));
        Assert.That(first.OutLines, Has.Some.StartsWith($"{to}  20 "));
        Assert.That(first.OutLines, Has.Some.StartsWith("gift "));
        Assert.That(repeat.Out, Is.EqualTo(first.Out));
        Assert.That((await Client.GetBalanceAsync(to)).Available, Is.EqualTo(20));
    }

    [Test]
    public async Task Transfer_with_json_prints_the_response_and_a_self_transfer_is_refused_with_its_reason()
    {
        var account = NewAccount();
        await Grant(account, 5, "t-json");

        var moved = await Credits("transfer", "--from", account, "--to", NewAccount(), "--amount", "2", "--json");
        var self = await Credits("transfer", "--from", account, "--to", account, "--amount", "1");

        using var json = JsonDocument.Parse(moved.Out);
        Assert.That(json.RootElement.GetProperty("moved").GetString(), Is.EqualTo("2"));
        Assert.That(json.RootElement.GetProperty("fromBalance").GetProperty("available").GetString(), Is.EqualTo("3"));
        Assert.That(self.ExitCode, Is.EqualTo(3), self.ToString());
        Assert.That(self.Error, Is.EqualTo("error: INVALID_REQUEST: to_account_id must differ from from_account_id.\n"));
    }

    [Test]
    public async Task A_negative_amount_is_refused_by_the_server_with_its_reason_and_exit_code_3()
    {
        var account = NewAccount();

        var result = await Credits("grant", account, "-5");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Is.EqualTo("error: INVALID_REQUEST: amount must be positive.\n"));
        Assert.That(result.Out, Is.Empty);
    }

    [Test]
    public async Task A_malformed_account_id_is_refused_by_the_server_with_its_reason()
    {
        var result = await Credits("balance", "customer-42");

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Does.StartWith("error: INVALID_REQUEST: account_id must be"));
    }

    [Test]
    public async Task Committing_a_released_hold_prints_hold_not_active()
    {
        var account = NewAccount();
        await Grant(account, 10, "g-1");
        var reserved = await Client.ReserveAsync(new ReserveRequest { AccountId = account, Amount = 5, IdempotencyKey = "r-1" });
        await Client.ReleaseAsync(new ReleaseRequest { HoldId = reserved.HoldId });

        var result = await Credits("commit", reserved.HoldId);

        Assert.That(result.ExitCode, Is.EqualTo(3), result.ToString());
        Assert.That(result.Error, Does.StartWith("error: HOLD_NOT_ACTIVE: "));
    }
}
