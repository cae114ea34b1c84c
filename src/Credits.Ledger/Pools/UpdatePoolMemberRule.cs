using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Pools;

/// <summary>
/// UpdatePoolMember: new limit, period or role for an active member. A lower limit than what is used
/// refuses the member's next reserves and takes nothing back; a new period counts from its start.
/// </summary>
internal sealed class UpdatePoolMemberRule : AccountKeyedRule<UpdatePoolMemberCommand, PoolMemberResult>
{
    protected override void Validate(UpdatePoolMemberCommand command)
    {
        PoolMembership.ValidateIds(command.AccountId, command.MemberAccountId);
        PoolMembership.ValidateTerms(command.Limit, command.Period, command.Role);
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override string Fingerprint(UpdatePoolMemberCommand command) => Digest("update-pool-member", command.AccountId,
        command.MemberAccountId, N(command.Limit), N((long)command.Period), N((long)command.Role));

    protected override void DeclareAccounts(UpdatePoolMemberCommand command, LoadPlan plan) =>
        PoolMembership.Declare(command.AccountId, command.MemberAccountId, createPool: false, plan);

    protected override Decision<PoolMemberResult> DecideOnce(UpdatePoolMemberCommand command, Batch batch)
    {
        if (batch.Set(BatchEntities.PoolMembers).Find(new PoolMemberKey(command.AccountId, command.MemberAccountId)) is not { IsActive: true } member)
        {
            return LedgerErrors.NotAPoolMember(command.AccountId, command.MemberAccountId);
        }
        member.Set(command.Limit, command.Period, command.Role, Clock.ToMs(batch.Context.Now));
        return new PoolMemberResult(PoolMembership.View(member, batch));
    }
}
