using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Pools;

/// <summary>AddPoolMember: a new member, or a removed one back with new terms; under the pool's lock.</summary>
internal sealed class AddPoolMemberRule : AccountKeyedRule<AddPoolMemberCommand, PoolMemberResult>
{
    protected override void Validate(AddPoolMemberCommand command)
    {
        PoolMembership.ValidateIds(command.AccountId, command.MemberAccountId);
        PoolMembership.ValidateTerms(command.Limit, command.Period, command.Role);
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override string Fingerprint(AddPoolMemberCommand command) => Digest("add-pool-member", command.AccountId, command.MemberAccountId,
        N(command.Limit), N((long)command.Period), N((long)command.Role));

    // The pool is created on its first member, as a grant creates an account, so its lock exists from then on.
    protected override void DeclareAccounts(AddPoolMemberCommand command, LoadPlan plan) =>
        PoolMembership.Declare(command.AccountId, command.MemberAccountId, createPool: true, plan);

    protected override Decision<PoolMemberResult> DecideOnce(AddPoolMemberCommand command, Batch batch)
    {
        var members = batch.Set(BatchEntities.PoolMembers);
        var key = new PoolMemberKey(command.AccountId, command.MemberAccountId);
        var nowMs = Clock.ToMs(batch.Context.Now);
        switch (members.Find(key))
        {
            case { IsActive: true }:
                return LedgerErrors.PoolMemberExists(command.AccountId, command.MemberAccountId);
            case { } removed:
                removed.Set(command.Limit, command.Period, command.Role, nowMs);
                return new PoolMemberResult(PoolMembership.View(removed, batch));
            default:
                var member = PoolMember.Add(key, command.Limit, command.Period, command.Role, nowMs);
                members.Add(member);
                return new PoolMemberResult(PoolMembership.View(member, batch));
        }
    }
}
