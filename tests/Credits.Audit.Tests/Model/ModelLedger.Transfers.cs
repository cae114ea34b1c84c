using Credits.Audit.Tests.Support;
using Credits.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Credits.Audit.Tests.Model;

/// <summary>Transfer, restated from the contract: burn-down at the sender, gift lots that keep each source lot's expiry at the receiver.</summary>
public sealed partial class ModelLedger
{
    private const long DayMs = 24 * 60 * 60 * 1000;

    // Credits each sender transferred per UTC day (days since 1970-01-01).
    private readonly Dictionary<(string AccountId, long Day), long> _sentPerDay = [];

    public Expected Transfer(TransferRequest request)
    {
        // Validation refuses before anything is loaded, in the order of the fields.
        if (request.FromAccountId.StartsWith("lead:", StringComparison.Ordinal))
        {
            return Expected.Fail(Invalid("from_account_id"), ModelChannel.Grpc);
        }
        if (request.ToAccountId.StartsWith("lead:", StringComparison.Ordinal) || request.ToAccountId == request.FromAccountId)
        {
            return Expected.Fail(Invalid("to_account_id"), ModelChannel.Grpc);
        }
        if (request.Amount <= 0)
        {
            return Expected.Fail(Invalid("amount"), ModelChannel.Grpc);
        }
        var sender = Account(request.FromAccountId);
        var receiver = Account(request.ToAccountId);
        // The receiver is created when the batch loads it, whatever the outcome; the sender never is.
        Touch(sender, create: false);
        Touch(receiver, create: true);
        var fingerprint = string.Join('|', "transfer", request.FromAccountId, request.ToAccountId, Number(request.Amount), request.Note);
        if (Replay(sender.Id, request.IdempotencyKey, fingerprint, ModelChannel.Grpc) is { } replay)
        {
            return replay;
        }
        if (sender.Available < request.Amount)
        {
            Coverage.Count("transfer refused for too few credits");
            return Expected.Fail(InsufficientCredits(sender.Available, request.Amount), ModelChannel.Grpc);
        }
        var day = (sender.Id, NowMs / DayMs);
        var sent = _sentPerDay.GetValueOrDefault(day);
        if (request.Amount > AuditConfiguration.TransferDailyLimit - sent)
        {
            Coverage.Count("transfer refused by the daily limit");
            return Expected.Fail(ExpectedError.Of(StatusCode.ResourceExhausted, "TRANSFER_LIMIT_EXCEEDED",
                ("limit", Number(AuditConfiguration.TransferDailyLimit)), ("used", Number(sent)), ("requested", Number(request.Amount))),
                ModelChannel.Grpc);
        }
        var netBefore = NetCredits(sender) + NetCredits(receiver);
        var metadata = request.Note.Length == 0 ? new Dictionary<string, string>() : new Dictionary<string, string> { ["note"] = request.Note };
        var parts = sender.Pick(request.Amount, NowMs);
        foreach (var part in parts)
        {
            part.Lot.Remaining -= part.Amount;
        }
        sender.Append(NowMs, EntryKind.TransferOut, -request.Amount, Actor, request.IdempotencyKey, metadata, parts: parts,
            reference: receiver.Id);
        var gifts = parts.Select(part => new ModelPart(
            receiver.AddLot(Bucket.Gift, AuditConfiguration.DefaultPriorities[Bucket.Gift], part.Lot.ExpiresAtMs, NowMs, part.Amount), part.Amount))
            .ToList();
        receiver.Append(NowMs, EntryKind.TransferIn, request.Amount, Actor, request.IdempotencyKey, metadata, parts: gifts,
            bucket: Bucket.Gift, reference: sender.Id);
        receiver.RepayDebts(gifts.Select(part => part.Lot).ToList(), Actor, NowMs);
        _sentPerDay[day] = sent + request.Amount;
        Coverage.Count(parts.Count > 1 ? "transfer across lots" : "transfer from one lot");
        if (NetCredits(sender) + NetCredits(receiver) != netBefore)
        {
            // Conservation across accounts: what one side lost, the other gained (a repaid debt counts as gained).
            throw new InvalidOperationException($"Model bug: a transfer of {request.Amount} from {sender.Id} to {receiver.Id} changed their net credits.");
        }
        var (fromBalance, toBalance) = (View(sender), View(receiver));
        IMessage Reply() => new TransferResponse { Moved = request.Amount, FromBalance = fromBalance, ToBalance = toBalance };
        Remember(sender.Id, request.IdempotencyKey, fingerprint, () => $"ok {Reply()}");
        return Expected.Reply(Reply);
    }

    // What an account is worth: its credits less what it owes.
    private static long NetCredits(ModelAccount account) => account.Available + account.Held - account.Owed;
}
