using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Clawbacks;

/// <summary>
/// Claw-back reversal (a refund that failed): taken credits go back to their lots, the debt still
/// owed is cancelled, what was repaid comes back as a refund lot. Unknown or reversed: no change.
/// </summary>
internal sealed class ReverseClawbackRule : AccountKeyedRule<ReverseClawbackCommand, ReverseClawbackResult>
{
    protected override void Validate(ReverseClawbackCommand command)
    {
        AccountIds.Parse(command.AccountId, "account_id");
        Require.Reference(command.Reference);
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override string Fingerprint(ReverseClawbackCommand command) => Digest("reverse-clawback", command.AccountId, command.Reference);

    protected override void DeclareAccounts(ReverseClawbackCommand command, LoadPlan plan)
    {
        plan.Account(command.AccountId, create: false);
        // A reversal returns credits to lots the claw-back emptied, so it loads spent lots too.
        plan.SpentLots(command.AccountId);
        plan.ClawbackReference(command.Reference);
    }

    protected override Decision<ReverseClawbackResult> DecideOnce(ReverseClawbackCommand command, Batch batch)
    {
        var account = batch.Accounts[command.AccountId];
        var (returned, cancelled) = account.ReverseClawback(command, batch.Context);
        return new ReverseClawbackResult(returned, cancelled, account.View(batch.Context.Now));
    }
}
