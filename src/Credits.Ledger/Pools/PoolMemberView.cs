namespace Credits.Ledger.Pools;

/// <summary>A pool member as callers see it.</summary>
/// <param name="PoolAccountId">The pool (<c>org:</c>).</param>
/// <param name="MemberAccountId">The member (<c>user:</c>).</param>
/// <param name="Limit">Credits per period; null: no limit.</param>
/// <param name="Period">The limit's period (UTC).</param>
/// <param name="Role">Member or admin.</param>
/// <param name="AddedAt">When the member was (last) added.</param>
/// <param name="RemovedAt">When it was removed; null while active.</param>
/// <param name="Used">Credits held and committed in the current period.</param>
/// <param name="PeriodStart">The current period's start (the Unix epoch for no period).</param>
/// <param name="Held">Of <paramref name="Used"/>, what the member's open holds of this period hold.</param>
/// <param name="Committed">Of <paramref name="Used"/>, what its holds of this period committed.</param>
public sealed record PoolMemberView(
    string PoolAccountId,
    string MemberAccountId,
    long? Limit,
    PoolPeriod Period,
    PoolRole Role,
    DateTimeOffset AddedAt,
    DateTimeOffset? RemovedAt,
    long Used,
    DateTimeOffset PeriodStart,
    long Held,
    long Committed);
