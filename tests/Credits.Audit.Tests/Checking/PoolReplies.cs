using System.Globalization;
using Credits.Ledger.Pools;

namespace Credits.Audit.Tests.Checking;

/// <summary>The text form a pool member (a membership command's result, or a line of the ledger's member list) is compared in.</summary>
public static class PoolReplies
{
    public static string Describe(PoolMemberView member) =>
        $"ok pool-member {member.PoolAccountId} {member.MemberAccountId} limit={(member.Limit is { } limit ? Number(limit) : "none")} " +
        $"period={member.Period} role={member.Role} added={Ms(member.AddedAt)} removed={(member.RemovedAt is { } removed ? Ms(removed) : "-")} " +
        $"period_start={Ms(member.PeriodStart)} used={Number(member.Used)} held={Number(member.Held)} committed={Number(member.Committed)}";

    private static string Ms(DateTimeOffset time) => Number(time.ToUnixTimeMilliseconds());

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
