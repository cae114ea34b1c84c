using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Pools;

/// <summary>SetPoolPolicy: the pool's fallback, under the pool's lock so that reserves see it in order.</summary>
internal sealed class SetPoolPolicyRule : AccountKeyedRule<SetPoolPolicyCommand, PoolPolicyResult>
{
    protected override void Validate(SetPoolPolicyCommand command)
    {
        if (AccountIds.Parse(command.AccountId, "pool_account_id") != AccountKind.Org)
        {
            throw LedgerErrors.Invalid("pool_account_id", "pool_account_id must be an 'org:' account.").ToException();
        }
        if (!Enum.IsDefined(command.Fallback))
        {
            throw LedgerErrors.Invalid("fallback", "fallback must be none or member_account.").ToException();
        }
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override string Fingerprint(SetPoolPolicyCommand command) => Digest("set-pool-policy", command.AccountId, N((long)command.Fallback));

    // The pool is created by its policy as by its first member, so its lock exists from then on.
    protected override void DeclareAccounts(SetPoolPolicyCommand command, LoadPlan plan)
    {
        plan.Account(command.AccountId, create: true);
        plan.Want(BatchEntities.PoolPolicies, command.AccountId);
    }

    protected override Decision<PoolPolicyResult> DecideOnce(SetPoolPolicyCommand command, Batch batch)
    {
        var policies = batch.Set(BatchEntities.PoolPolicies);
        var nowMs = Clock.ToMs(batch.Context.Now);
        if (policies.Find(command.AccountId) is { } policy)
        {
            policy.Set(command.Fallback, nowMs);
        }
        else
        {
            policies.Add(PoolPolicy.Start(command.AccountId, command.Fallback, nowMs));
        }
        return new PoolPolicyResult(command.AccountId, command.Fallback);
    }
}
