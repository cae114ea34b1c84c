using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Lots;

/// <summary>
/// Adjust: a signed correction. Positive: a new lot in the <c>adjustment</c> bucket (no expiry, the
/// bucket's default priority), which first repays what the account owes, as a grant does; it is not
/// held to the live-lot cap, because an operator's correction must not be refused by it. Negative:
/// available credits taken in burn-down order, all or nothing: more than is available is
/// INSUFFICIENT_CREDITS, so an adjustment never takes an account below zero or into debt.
/// </summary>
internal sealed class AdjustRule : AccountKeyedRule<AdjustCommand, AdjustResult>
{
    protected override void Validate(AdjustCommand command)
    {
        AccountIds.Parse(command.AccountId, "account_id");
        if (command.Amount == 0)
        {
            throw LedgerErrors.Invalid("amount", "amount must not be 0: positive adds credits, negative removes them.").ToException();
        }
        if (command.Amount < -Limits.AmountMax || command.Amount > Limits.AmountMax)
        {
            throw LedgerErrors.Invalid("amount", $"amount must be -{Limits.AmountMax} to {Limits.AmountMax}.").ToException();
        }
        Require.Reference(command.Reason, "reason");
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override string Fingerprint(AdjustCommand command) => Digest("adjust", command.AccountId, N(command.Amount), command.Reason);

    // A removal from an account that does not exist has nothing to take: it is not created.
    protected override void DeclareAccounts(AdjustCommand command, LoadPlan plan) => plan.Account(command.AccountId, create: command.Amount > 0);

    protected override Decision<AdjustResult> DecideOnce(AdjustCommand command, Batch batch)
    {
        var account = batch.Accounts[command.AccountId];
        var now = batch.Context.Now;
        if (command.Amount > 0)
        {
            if (account.RoomFor(command.Amount, "amount") is { } full)
            {
                return full;
            }
            var lot = account.AddAdjustment(command, batch.Context);
            return new AdjustResult(command.Amount, lot.LotId, account.View(now));
        }
        if (!account.Persisted || account.Spendable(null, batch.Context.Now) < -command.Amount)
        {
            return LedgerErrors.InsufficientCredits(account.Spendable(null, batch.Context.Now), -command.Amount);
        }
        account.RemoveAdjustment(command, batch.Context);
        return new AdjustResult(command.Amount, "", account.View(now));
    }
}
