using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Pools;
using Credits.Ledger.Tests.Support;

namespace Credits.Ledger.Tests.Pools;

/// <summary>What the pool specs share: a pool with members, reserves on their behalf, usage as ListPoolMembers reports it.</summary>
public abstract class PoolSpec(DatabaseProvider provider) : LedgerFixture(provider)
{
    protected const string Pool = "org:acme";

    protected Task<PoolMemberResult> AddMember(string member, long? limit, PoolPeriod period = PoolPeriod.Month, PoolRole role = PoolRole.Member,
        string? key = null) =>
        Ledger.Ledger.AddPoolMemberAsync(new AddPoolMemberCommand(LedgerHarness.Caller, Pool, member, limit, period, role, key ?? Ledger.NewKey()));

    protected Task<ReserveResult> ReserveFor(string member, long amount, TimeSpan? ttl = null, string? key = null) =>
        Ledger.Ledger.ReserveAsync(Ledger.ReserveCommand(Pool, amount, ttl, key) with { OnBehalfOf = member });

    /// <summary>What ListPoolMembers says <paramref name="member"/> used this period (removed members included).</summary>
    protected async Task<long> Used(string member) =>
        (await Ledger.Ledger.ListPoolMembersAsync(Pool, 500, "", includeRemoved: true)).Members.Single(view => view.MemberAccountId == member).Used;
}
