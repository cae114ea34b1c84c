using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Clawbacks;

/// <summary>
/// Claw-back: takes credits back after a refund or a lost dispute, from the purchase's lot first,
/// then in burn-down order; what was already spent is owed. Applied once per reference: met again,
/// it reports the first claw-back as already applied.
/// </summary>
internal sealed class ClawbackRule : AccountKeyedRule<ClawbackCommand, ClawbackResult>
{
    protected override void Validate(ClawbackCommand command)
    {
        AccountIds.Parse(command.AccountId, "account_id");
        Require.Amount(command.Amount, "amount");
        if (command.LotId is { } lotId)
        {
            Require.OpaqueId(lotId, "lot_id");
        }
        Require.Reference(command.Reference);
        Require.IdempotencyKey(command.IdempotencyKey);
        Require.Metadata(command.Metadata);
    }

    public override string Fingerprint(ClawbackCommand command) => Digest("clawback", command.AccountId, N(command.Amount), command.LotId ?? "",
        command.Reference, StoredJson.WriteMetadata(command.Metadata));

    protected override void DeclareAccounts(ClawbackCommand command, LoadPlan plan)
    {
        // A refund may arrive for an account that has nothing yet: what it cannot take is owed.
        plan.Account(command.AccountId, create: true);
        plan.ClawbackReference(command.Reference);
    }

    protected override Decision<ClawbackResult> DecideOnce(ClawbackCommand command, Batch batch)
    {
        var account = batch.Accounts[command.AccountId];
        var now = batch.Context.Now;
        if (account.FindClawback(command.Reference) is { } earlier)
        {
            return new ClawbackResult(earlier.Amount - earlier.OwedInitial, earlier.OwedInitial, account.View(now)) { AlreadyApplied = true };
        }
        var clawback = account.Clawback(command, batch.Context);
        return new ClawbackResult(clawback.Amount - clawback.OwedInitial, clawback.OwedInitial, account.View(now));
    }
}
