using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Pools;

/// <summary>RemovePoolMember: refuses the member's new reserves; its open holds still end normally and count in its usage.</summary>
internal sealed class RemovePoolMemberRule : AccountKeyedRule<RemovePoolMemberCommand, PoolMemberResult>
{
    protected override void Validate(RemovePoolMemberCommand command)
    {
        PoolMembership.ValidateIds(command.AccountId, command.MemberAccountId);
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override string Fingerprint(RemovePoolMemberCommand command) =>
        Digest("remove-pool-member", command.AccountId, command.MemberAccountId);

    protected override void DeclareAccounts(RemovePoolMemberCommand command, LoadPlan plan) =>
        PoolMembership.Declare(command.AccountId, command.MemberAccountId, createPool: false, plan);

    protected override Decision<PoolMemberResult> DecideOnce(RemovePoolMemberCommand command, Batch batch)
    {
        if (batch.Set(BatchEntities.PoolMembers).Find(new PoolMemberKey(command.AccountId, command.MemberAccountId)) is not { IsActive: true } member)
        {
            return LedgerErrors.NotAPoolMember(command.AccountId, command.MemberAccountId);
        }
        member.Remove(Clock.ToMs(batch.Context.Now));
        return new PoolMemberResult(PoolMembership.View(member, batch));
    }
}
