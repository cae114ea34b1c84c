using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Clawbacks;

/// <summary>Unfreeze (a dispute won, or about to be clawed back): the frozen credits are available again.</summary>
internal sealed class UnfreezeRule : AccountKeyedRule<UnfreezeCommand, UnfreezeResult>
{
    protected override void Validate(UnfreezeCommand command)
    {
        AccountIds.Parse(command.AccountId, "account_id");
        Require.Reference(command.Reference);
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override string Fingerprint(UnfreezeCommand command) => Digest("unfreeze", command.AccountId, command.Reference);

    protected override void DeclareAccounts(UnfreezeCommand command, LoadPlan plan) => plan.Account(command.AccountId, create: false);

    protected override Decision<UnfreezeResult> DecideOnce(UnfreezeCommand command, Batch batch)
    {
        var account = batch.Accounts[command.AccountId];
        return new UnfreezeResult(account.Persisted ? account.Unfreeze(command, batch.Context) : 0, account.View(batch.Context.Now));
    }
}
