using Credits.Ledger.Pools;

namespace Credits.Ledger.Commands;

/// <summary>Adds <paramref name="MemberAccountId"/> to the pool <paramref name="AccountId"/> (an <c>org:</c> account), or adds a removed member again.</summary>
/// <param name="Actor">The caller.</param>
/// <param name="AccountId">The pool: an <c>org:</c> account (created with no credits if new).</param>
/// <param name="MemberAccountId">The member: a <c>user:</c> account.</param>
/// <param name="Limit">Credits the member may hold and commit per period; null: no limit.</param>
/// <param name="Period">The period the limit applies to (UTC).</param>
/// <param name="Role">Member or admin.</param>
/// <param name="IdempotencyKey">Scoped by the pool; a retry returns the first answer.</param>
public sealed record AddPoolMemberCommand(
    string Actor, string AccountId, string MemberAccountId, long? Limit, PoolPeriod Period, PoolRole Role, string IdempotencyKey)
    : LedgerCommand<PoolMemberResult>(Actor), IAccountCommand;

/// <summary>Sets an active member's limit, period and role; usage so far stays (a new period counts from its start).</summary>
/// <param name="Actor">The caller.</param>
/// <param name="AccountId">The pool.</param>
/// <param name="MemberAccountId">The member.</param>
/// <param name="Limit">Credits per period; null: no limit.</param>
/// <param name="Period">The period the limit applies to (UTC).</param>
/// <param name="Role">Member or admin.</param>
/// <param name="IdempotencyKey">Scoped by the pool; a retry returns the first answer.</param>
public sealed record UpdatePoolMemberCommand(
    string Actor, string AccountId, string MemberAccountId, long? Limit, PoolPeriod Period, PoolRole Role, string IdempotencyKey)
    : LedgerCommand<PoolMemberResult>(Actor), IAccountCommand;

/// <summary>Removes an active member: its new reserves are refused; its open holds still commit, release and expire, counting in its usage.</summary>
/// <param name="Actor">The caller.</param>
/// <param name="AccountId">The pool.</param>
/// <param name="MemberAccountId">The member.</param>
/// <param name="IdempotencyKey">Scoped by the pool; a retry returns the first answer.</param>
public sealed record RemovePoolMemberCommand(string Actor, string AccountId, string MemberAccountId, string IdempotencyKey)
    : LedgerCommand<PoolMemberResult>(Actor), IAccountCommand;

/// <summary>The member after the change.</summary>
public sealed record PoolMemberResult(PoolMemberView Member);

/// <summary>Sets the pool's fallback policy: whether a member's reserve the pool cannot cover is taken from the member's own account.</summary>
/// <param name="Actor">The caller.</param>
/// <param name="AccountId">The pool: an <c>org:</c> account (created with no credits if new).</param>
/// <param name="Fallback">None, or the member's own account.</param>
/// <param name="IdempotencyKey">Scoped by the pool; a retry returns the first answer.</param>
public sealed record SetPoolPolicyCommand(string Actor, string AccountId, PoolFallback Fallback, string IdempotencyKey)
    : LedgerCommand<PoolPolicyResult>(Actor), IAccountCommand;

/// <summary>The pool's policy after the change.</summary>
/// <param name="PoolAccountId">The pool.</param>
/// <param name="Fallback">Its fallback now.</param>
public sealed record PoolPolicyResult(string PoolAccountId, PoolFallback Fallback);
