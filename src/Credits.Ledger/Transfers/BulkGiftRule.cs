using System.Globalization;
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
/// BulkGift: a Transfer to each of many recipients in one transaction, all or nothing. Every
/// account is declared to the batch, which locks them in its one order, so bulk gifts and
/// transfers never deadlock. Everything is checked before anything moves (the sender's available
/// credits and daily limit against the total, each recipient's room), so one bad recipient moves
/// nothing. The sender's credits are picked once for the total in burn-down order and handed out in
/// the recipients' order; each recipient gets gift lots keeping their source expiries, and each
/// side a TRANSFER_OUT / TRANSFER_IN entry naming the other, as a Transfer writes.
/// </summary>
internal sealed class BulkGiftRule : KeyedCommandRule<BulkGiftCommand, BulkGiftResult>
{
    /// <summary>Recipients per call: each is a locked, loaded account in the one transaction.</summary>
    public const int RecipientsMax = 1_000;

    protected override void Validate(BulkGiftCommand command)
    {
        if (AccountIds.Parse(command.FromAccountId, "from_account_id") == AccountKind.Lead)
        {
            throw LedgerErrors.Invalid("from_account_id", "from_account_id must be a 'user:' or 'org:' account.").ToException();
        }
        if (command.Recipients is null || command.Recipients.Count is 0 or > RecipientsMax)
        {
            throw LedgerErrors.Invalid("recipients", $"recipients must hold 1 to {RecipientsMax} entries.").ToException();
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        long total = 0;
        for (var i = 0; i < command.Recipients.Count; i++)
        {
            var recipient = command.Recipients[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"recipients[{i}]");
            if (AccountIds.Parse(recipient.AccountId, field + ".account_id") == AccountKind.Lead)
            {
                throw LedgerErrors.Invalid(field + ".account_id", $"{field}.account_id must be a 'user:' or 'org:' account.").ToException();
            }
            if (string.Equals(recipient.AccountId, command.FromAccountId, StringComparison.Ordinal))
            {
                throw LedgerErrors.Invalid(field + ".account_id", $"{field}.account_id must differ from from_account_id.").ToException();
            }
            if (!seen.Add(recipient.AccountId))
            {
                throw LedgerErrors.Invalid(field + ".account_id", $"{field}.account_id names an account already listed.").ToException();
            }
            Require.Amount(recipient.Amount, field + ".amount");
            total += recipient.Amount;
            if (total > Limits.AmountMax)
            {
                throw LedgerErrors.Invalid("recipients", $"The recipients' amounts must add up to at most {Limits.AmountMax}.").ToException();
            }
        }
        Require.IdempotencyKey(command.IdempotencyKey);
        Require.MaxLength(command.Note, Limits.ReferenceLengthMax, "note");
    }

    /// <summary>The key is the sender's, as for a Transfer.</summary>
    public override IdempotencyScope KeyOf(BulkGiftCommand command) => new(command.FromAccountId, command.IdempotencyKey);

    public override string Fingerprint(BulkGiftCommand command) =>
        Digest([
            "bulk-gift", command.FromAccountId, command.Note,
            .. command.Recipients.Select(recipient => recipient.AccountId + "=" + N(recipient.Amount)),
        ]);

    protected override void DeclareAccounts(BulkGiftCommand command, LoadPlan plan)
    {
        plan.Account(command.FromAccountId, create: false);
        foreach (var recipient in command.Recipients)
        {
            plan.Account(recipient.AccountId, create: true);
        }
        plan.Want(BatchEntities.TransferDays, TransferDayKey.At(command.FromAccountId, plan.Now));
    }

    protected override Decision<BulkGiftResult> DecideOnce(BulkGiftCommand command, Batch batch)
    {
        var context = batch.Context;
        var sender = batch.Accounts[command.FromAccountId];
        var total = command.Recipients.Sum(recipient => recipient.Amount);
        // Feature-scoped lots never move to another account: only unscoped credits can be given.
        if (sender.Spendable(null, batch.Context.Now) < total)
        {
            return LedgerErrors.InsufficientCredits(sender.Spendable(null, batch.Context.Now), total);
        }
        var days = batch.Set(BatchEntities.TransferDays);
        var key = TransferDayKey.At(command.FromAccountId, context.Now);
        var today = days.Find(key) ?? TransferDay.Start(key);
        if (today.RoomFor(total, context.Options.Transfers.DailyLimit) is { } overLimit)
        {
            return overLimit;
        }
        // Nothing has moved yet: pick for the total once, deal it out in order, and check every recipient's room.
        var shares = Deal(sender.PickForTransfer(total, context.Now), command.Recipients);
        for (var i = 0; i < command.Recipients.Count; i++)
        {
            var receiver = batch.Accounts[command.Recipients[i].AccountId];
            if ((receiver.RoomFor(command.Recipients[i].Amount, "amount") ?? receiver.RoomForLots(shares[i].Count, context.Options)) is { } full)
            {
                return full;
            }
        }
        var metadata = command.Note.Length == 0
            ? new Dictionary<string, string>()
            : new Dictionary<string, string> { [TransferRule.NoteKey] = command.Note };
        for (var i = 0; i < command.Recipients.Count; i++)
        {
            var to = command.Recipients[i].AccountId;
            var sent = sender.SendTransfer(to, shares[i], command.Actor, command.IdempotencyKey, metadata, context);
            batch.Accounts[to].ReceiveTransfer(command.FromAccountId, sent, command.Actor, command.IdempotencyKey, metadata, context);
        }
        today.Count(total);
        if (today.IsNew && days.Find(key) is null)
        {
            days.Add(today);
        }
        return new BulkGiftResult(total, command.Recipients.Count, sender.View(context.Now));
    }

    // Splits the picked parts into each recipient's share, in order; a lot may be split between two neighbours.
    private static List<List<(Lots.Lot Lot, long Amount)>> Deal(List<(Lots.Lot Lot, long Amount)> picked, IReadOnlyList<BulkGiftRecipient> recipients)
    {
        var shares = new List<List<(Lots.Lot Lot, long Amount)>>(recipients.Count);
        var part = 0;
        var leftInPart = picked.Count > 0 ? picked[0].Amount : 0;
        foreach (var recipient in recipients)
        {
            var share = new List<(Lots.Lot Lot, long Amount)>();
            var wanted = recipient.Amount;
            while (wanted > 0)
            {
                var take = Math.Min(wanted, leftInPart);
                share.Add((picked[part].Lot, take));
                wanted -= take;
                leftInPart -= take;
                if (leftInPart == 0 && ++part < picked.Count)
                {
                    leftInPart = picked[part].Amount;
                }
            }
            shares.Add(share);
        }
        return shares;
    }
}
