using Credits.Cli.Tests.Support;
using Credits.Ledger.Data;
using Credits.V1;

namespace Credits.Cli.Tests.Pools;

/// <summary>
/// <c>credits pools members add|update|remove|list</c> and <c>credits pools usage</c>: an operator
/// sets a pool's members on the terms given, sees what each used this period, and exports it as CSV.
/// </summary>
public sealed class PoolsCommandTests(DatabaseProvider provider) : CliFixture(provider)
{
    private async Task SpendAsync(string pool, string member, long reserved, long committed)
    {
        var hold = await Client.ReserveAsync(new ReserveRequest { AccountId = pool, Amount = reserved, OnBehalfOf = member, IdempotencyKey = $"r-{Guid.NewGuid():N}" });
        if (committed > 0)
        {
            await Client.CommitAsync(new CommitRequest { HoldId = hold.HoldId, Amount = committed });
        }
    }

    [Test]
    public async Task Members_are_added_updated_and_removed_on_the_terms_given_and_listed_with_their_usage()
    {
        var (pool, ann, bob) = (NewAccount("org"), NewAccount(), NewAccount());
        await Grant(pool, 1_000, $"g-{Guid.NewGuid():N}");

        var added = await Credits("pools", "members", "add", "--pool", pool, "--member", ann, "--limit", "1000", "--period", "month");
        await Credits("pools", "members", "add", "--pool", pool, "--member", bob, "--period", "none", "--role", "admin");
        var reserved = await Credits("reserve", pool, "40", "--on-behalf-of", ann);
        await Client.CommitAsync(new CommitRequest { HoldId = reserved.OutLines[0].Split(' ')[4], Amount = 25 });
        var updated = await Credits("pools", "members", "update", "--pool", pool, "--member", ann, "--limit", "30", "--period", "month");
        var removed = await Credits("pools", "members", "remove", "--pool", pool, "--member", bob);
        var listed = await Credits("pools", "members", "list", "--pool", pool);

        Assert.That(added.ExitCode, Is.Zero, added.ToString());
        Assert.That(reserved.OutLines[0], Does.StartWith("reserved 40 as hold "), reserved.ToString());
        Assert.That(added.OutLines[1], Does.Match($@"^{ann} +member +1,000 +month +\d{{4}}-\d\d-01 +0 +0 +0 *$"));
        Assert.That(added.Error, Does.Contain("added (idempotency key cli-"));
        Assert.That(updated.OutLines[1], Does.Match($@"^{ann} +member +30 +month +\S+ +25 +0 +25 *$"));
        Assert.That(removed.OutLines[1], Does.Match($@"^{bob} +admin +none +0 +0 +0 +\S+Z$"));
        Assert.That(listed.OutLines[0], Does.Match("^member +role +limit +period +period_start +used +held +committed +removed$"));
        Assert.That(listed.OutLines.Skip(1).Select(line => line.Split(' ')[0]), Is.EqualTo(new[] { ann }));
    }

    [Test]
    public async Task Usage_as_csv_has_a_row_per_member_removed_ones_too_with_plain_numbers()
    {
        var (pool, ann, bob) = (NewAccount("org"), NewAccount(), NewAccount());
        await Grant(pool, 5_000, $"g-{Guid.NewGuid():N}");
        await Client.AddPoolMemberAsync(new AddPoolMemberRequest { PoolAccountId = pool, MemberAccountId = ann, Limit = 2_000, Period = PoolPeriod.Day, Role = PoolRole.Member, IdempotencyKey = "a" });
        await Client.AddPoolMemberAsync(new AddPoolMemberRequest { PoolAccountId = pool, MemberAccountId = bob, Period = PoolPeriod.None, Role = PoolRole.Member, IdempotencyKey = "b" });
        await SpendAsync(pool, ann, 1_500, 1_200);
        await SpendAsync(pool, bob, 7, 0);
        await Client.RemovePoolMemberAsync(pool, bob, "c");

        var csv = await Credits("pools", "usage", "--pool", pool, "--format", "csv");

        Assert.That(csv.ExitCode, Is.Zero, csv.ToString());
        var rows = new[] { (ann, $"{ann},member,2000,day,"), (bob, $"{bob},member,,none,,7,7,0,") }.OrderBy(row => row.Item1, StringComparer.Ordinal).ToList();
        Assert.That(csv.OutLines[0], Is.EqualTo("member,role,limit,period,period_start,used,held,committed,removed"));
        Assert.That(csv.OutLines[1], Does.StartWith(rows[0].Item2));
        Assert.That(csv.OutLines[2], Does.StartWith(rows[1].Item2));
        Assert.That(csv.OutLines.Single(line => line.StartsWith(ann, StringComparison.Ordinal)), Does.EndWith(",1200,0,1200,"));
    }

    [Test]
    public async Task Adding_an_active_member_again_is_refused_with_the_servers_reason()
    {
        var (pool, ann) = (NewAccount("org"), NewAccount());
        await Credits("pools", "members", "add", "--pool", pool, "--member", ann, "--period", "day");

        var again = await Credits("pools", "members", "add", "--pool", pool, "--member", ann, "--period", "day");

        Assert.That(again.ExitCode, Is.Not.Zero);
        Assert.That(again.Error, Does.Contain("POOL_MEMBER_EXISTS"));
    }

    [Test]
    public async Task Policy_sets_the_fallback_to_the_member_account_and_back()
    {
        var (pool, ann) = (NewAccount("org"), NewAccount());
        await Grant(pool, 100, $"g-{Guid.NewGuid():N}");
        await Grant(ann, 100, $"g-{Guid.NewGuid():N}");
        await Client.AddPoolMemberAsync(new AddPoolMemberRequest { PoolAccountId = pool, MemberAccountId = ann, Limit = 10, Period = PoolPeriod.Day, Role = PoolRole.Member, IdempotencyKey = "a" });

        var set = await Credits("pools", "policy", "--pool", pool, "--fallback", "member_account");
        var own = await Client.ReserveAsync(new ReserveRequest { AccountId = pool, Amount = 30, OnBehalfOf = ann, IdempotencyKey = $"r-{Guid.NewGuid():N}" });
        var reset = await Credits("pools", "policy", "--pool", pool, "--fallback", "none");

        Assert.That(set.ExitCode, Is.Zero, set.ToString());
        Assert.That(set.OutLines[0], Is.EqualTo($"{pool} fallback member_account"));
        Assert.That(set.Error, Does.Contain("set (idempotency key cli-"));
        Assert.That(own.Balance.AccountId, Is.EqualTo(ann), "past the allowance, the hold is on the member's own account");
        Assert.That(reset.OutLines[0], Is.EqualTo($"{pool} fallback none"));
    }
}
