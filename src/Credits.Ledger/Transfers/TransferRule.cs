using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Transfers;

/// <summary>
/// Transfer: moves credits from one account to another in one transaction (both accounts locked in
/// the engine's order). The sender gives available credits in burn-down order, exactly what a
/// Reserve could take (held credits stay put; an account that owes has nothing available); the
/// receiver gets a <c>gift</c> lot per source lot with that lot's expiry. The sender's daily limit
/// is decided on its day counter, loaded under its lock.
/// </summary>
internal sealed class TransferRule : KeyedCommandRule<TransferCommand, TransferResult>
{
    /// <summary>The journal metadata key that carries the note on both sides.</summary>
    public const string NoteKey = "note";

    protected override void Validate(TransferCommand command)
    {
        if (AccountIds.Parse(command.FromAccountId, "from_account_id") == AccountKind.Lead)
        {
            throw LedgerErrors.Invalid("from_account_id", "from_account_id must be a 'user:' or 'org:' account: a lead's credits move only by ClaimLead.").ToException();
        }
        if (AccountIds.Parse(command.ToAccountId, "to_account_id") == AccountKind.Lead)
        {
            throw LedgerErrors.Invalid("to_account_id", "to_account_id must be a 'user:' or 'org:' account.").ToException();
        }
        if (string.Equals(command.FromAccountId, command.ToAccountId, StringComparison.Ordinal))
        {
            throw LedgerErrors.Invalid("to_account_id", "to_account_id must differ from from_account_id.").ToException();
        }
        Require.Amount(command.Amount, "amount");
        Require.IdempotencyKey(command.IdempotencyKey);
        Require.MaxLength(command.Note, Limits.ReferenceLengthMax, "note");
    }

    /// <summary>The key is the sender's: a retry by the same caller from the same account answers as the first.</summary>
    public override IdempotencyScope KeyOf(TransferCommand command) => new(command.FromAccountId, command.IdempotencyKey);

    public override string Fingerprint(TransferCommand command) =>
        Digest("transfer", command.FromAccountId, command.ToAccountId, N(command.Amount), command.Note);

    // The receiver is created when credits first arrive, as a grant creates an account.
    protected override void DeclareAccounts(TransferCommand command, LoadPlan plan)
    {
        plan.Account(command.FromAccountId, create: false);
        plan.Account(command.ToAccountId, create: true);
        plan.Want(BatchEntities.TransferDays, TransferDayKey.At(command.FromAccountId, plan.Now));
    }

    protected override Decision<TransferResult> DecideOnce(TransferCommand command, Batch batch)
    {
        var context = batch.Context;
        var sender = batch.Accounts[command.FromAccountId];
        var receiver = batch.Accounts[command.ToAccountId];
        // Feature-scoped lots never move to another account: only unscoped credits can be sent.
        if (sender.Spendable(null, batch.Context.Now) < command.Amount)
        {
            return LedgerErrors.InsufficientCredits(sender.Spendable(null, batch.Context.Now), command.Amount);
        }
        var days = batch.Set(BatchEntities.TransferDays);
        var key = TransferDayKey.At(command.FromAccountId, context.Now);
        // A refused transfer writes nothing, not even an empty counter: the new day joins the batch only when counted.
        var today = days.Find(key) ?? TransferDay.Start(key);
        if (today.RoomFor(command.Amount, context.Options.Transfers.DailyLimit) is { } overLimit)
        {
            return overLimit;
        }
        if (receiver.RoomFor(command.Amount, "amount") is { } full)
        {
            return full;
        }
        var metadata = command.Note.Length == 0
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [NoteKey] = command.Note };
        var picked = sender.PickForTransfer(command.Amount, context.Now);
        if (receiver.RoomForLots(picked.Count, context.Options) is { } tooMany)
        {
            return tooMany;
        }
        var sent = sender.SendTransfer(command.ToAccountId, picked, command.Actor, command.IdempotencyKey, metadata, context);
        receiver.ReceiveTransfer(command.FromAccountId, sent, command.Actor, command.IdempotencyKey, metadata, context);
        today.Count(command.Amount);
        if (today.IsNew && days.Find(key) is null)
        {
            days.Add(today);
        }
        return new TransferResult(command.Amount, sender.View(context.Now), receiver.View(context.Now));
    }
}
