using System.Globalization;
using Credits.Audit.Tests.Checking;
using Credits.Audit.Tests.Support;
using Credits.Ledger.Commands;
using Credits.V1;
using Grpc.Core;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// BulkGift, restated from the contract: a Transfer to each recipient in one transaction, all or
/// nothing. The sender's credits are picked once for the total in burn-down order and dealt out in
/// the recipients' order; the daily transfer limit applies to the total.
/// </summary>
public sealed partial class ModelLedger
{
    public Expected BulkGift(BulkGiftCommand command)
    {
        if (BulkGiftInvalid(command) is { } field)
        {
            Coverage.Count("bulk gift refused: a bad recipient list");
            return Expected.Fail(Invalid(field), ModelChannel.Ledger);
        }
        var sender = Account(command.FromAccountId);
        Touch(sender, create: false);
        // Every recipient is created when the batch loads it, whatever the outcome.
        foreach (var recipient in command.Recipients)
        {
            Touch(Account(recipient.AccountId), create: true);
        }
        var fingerprint = string.Join('|', ["bulk-gift", command.FromAccountId, command.Note,
            .. command.Recipients.Select(recipient => recipient.AccountId + "=" + Number(recipient.Amount))]);
        if (Replay(sender.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return replay;
        }
        var total = command.Recipients.Sum(recipient => recipient.Amount);
        if (sender.Available < total)
        {
            Coverage.Count("bulk gift refused for too few credits");
            return Expected.Fail(InsufficientCredits(sender.Available, total), ModelChannel.Ledger);
        }
        var day = (sender.Id, NowMs / DayMs);
        var sent = _sentPerDay.GetValueOrDefault(day);
        if (total > AuditConfiguration.TransferDailyLimit - sent)
        {
            Coverage.Count("bulk gift refused by the daily limit");
            return Expected.Fail(ExpectedError.Of(StatusCode.ResourceExhausted, "TRANSFER_LIMIT_EXCEEDED",
                ("limit", Number(AuditConfiguration.TransferDailyLimit)), ("used", Number(sent)), ("requested", Number(total))),
                ModelChannel.Ledger);
        }
        var netBefore = NetCredits(sender) + command.Recipients.Sum(recipient => NetCredits(Account(recipient.AccountId)));
        var metadata = command.Note.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["note"] = command.Note };
        var picked = new Queue<ModelPart>(sender.Pick(total, NowMs));
        foreach (var recipient in command.Recipients)
        {
            // Deal the picked parts out in order: a lot may be split between two neighbours.
            var share = new List<ModelPart>();
            for (var wanted = recipient.Amount; wanted > 0;)
            {
                var part = picked.Peek();
                var take = Math.Min(wanted, part.Amount);
                share.Add(new ModelPart(part.Lot, take));
                wanted -= take;
                picked.Dequeue();
                if (part.Amount > take)
                {
                    picked = new Queue<ModelPart>([part with { Amount = part.Amount - take }, .. picked]);
                }
            }
            foreach (var part in share)
            {
                part.Lot.Remaining -= part.Amount;
            }
            var receiver = Account(recipient.AccountId);
            sender.Append(NowMs, EntryKind.TransferOut, -recipient.Amount, Actor, command.IdempotencyKey, metadata, parts: share, reference: receiver.Id);
            var gifts = share.Select(part => new ModelPart(
                receiver.AddLot(Bucket.Gift, AuditConfiguration.DefaultPriorities[Bucket.Gift], part.Lot.ExpiresAtMs, NowMs, part.Amount), part.Amount))
                .ToList();
            receiver.Append(NowMs, EntryKind.TransferIn, recipient.Amount, Actor, command.IdempotencyKey, metadata, parts: gifts,
                bucket: Bucket.Gift, reference: sender.Id);
            receiver.RepayDebts(gifts.Select(part => part.Lot).ToList(), Actor, NowMs);
        }
        _sentPerDay[day] = sent + total;
        Coverage.Count(command.Recipients.Count > 1 ? "bulk gift to several recipients" : "bulk gift to one recipient");
        if (NetCredits(sender) + command.Recipients.Sum(recipient => NetCredits(Account(recipient.AccountId))) != netBefore)
        {
            throw new InvalidOperationException($"Model bug: a bulk gift of {total} from {sender.Id} changed the accounts' net credits.");
        }
        var balance = View(sender);
        var count = command.Recipients.Count;
        string Reply() => LedgerReplies.BulkGift(total, count, balance);
        Remember(sender.Id, command.IdempotencyKey, fingerprint, Reply);
        return Expected.Text(Reply);
    }

    // The field validation names, in the order it checks them; null when the request is well formed.
    private static string? BulkGiftInvalid(BulkGiftCommand command)
    {
        if (command.FromAccountId.StartsWith("lead:", StringComparison.Ordinal))
        {
            return "from_account_id";
        }
        if (command.Recipients.Count == 0)
        {
            return "recipients";
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < command.Recipients.Count; i++)
        {
            var recipient = command.Recipients[i];
            var field = string.Create(CultureInfo.InvariantCulture, $"recipients[{i}]");
            if (recipient.AccountId.StartsWith("lead:", StringComparison.Ordinal) || recipient.AccountId == command.FromAccountId
                || !seen.Add(recipient.AccountId))
            {
                return field + ".account_id";
            }
            if (recipient.Amount <= 0)
            {
                return field + ".amount";
            }
        }
        return null;
    }
}
