using System.Globalization;
using Credits.Audit.Tests.Checking;
using Credits.Audit.Tests.Support;
using Credits.Ledger.Commands;
using Credits.V1;
using Grpc.Core;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// An operator's Adjust and a caller's ExtendHold, restated from the contract: an adjustment adds an
/// <c>adjustment</c> lot (which repays debts first) or takes available credits in burn-down order,
/// never below zero; an extension moves an active hold's expiry later, never past its lifetime cap.
/// </summary>
public sealed partial class ModelLedger
{
    public (Expected Outcome, ModelLot? NewLot) Adjust(AdjustCommand command)
    {
        // Validation refuses before anything is loaded.
        if (command.Amount == 0)
        {
            Coverage.Count("adjustment of 0 refused");
            return (Expected.Fail(Invalid("amount"), ModelChannel.Ledger), null);
        }
        var account = Account(command.AccountId);
        // A removal has nothing to take from an account the ledger does not have: it never creates one.
        Touch(account, create: command.Amount > 0);
        var fingerprint = string.Join('|', "adjust", command.AccountId, Number(command.Amount), command.Reason);
        if (Replay(account.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return (replay, null);
        }
        ModelLot? lot = null;
        if (command.Amount > 0)
        {
            lot = account.AddLot(Bucket.Adjustment, AuditConfiguration.DefaultPriorities[Bucket.Adjustment], null, NowMs, command.Amount);
            account.Append(NowMs, EntryKind.Adjustment, command.Amount, Actor, command.IdempotencyKey, NoMetadata, lot: lot,
                parts: [new ModelPart(lot, command.Amount)], bucket: Bucket.Adjustment, reference: command.Reason);
            account.RepayDebts([lot], Actor, NowMs);
            Coverage.Count("adjustment added credits");
        }
        else
        {
            var taking = -command.Amount;
            if (!account.Exists || account.Available < taking)
            {
                Coverage.Count("adjustment refused: it would take the account below zero");
                return (Expected.Fail(InsufficientCredits(account.Exists ? account.Available : 0, taking), ModelChannel.Ledger), null);
            }
            var parts = account.Pick(taking, NowMs);
            foreach (var part in parts)
            {
                part.Lot.Remaining -= part.Amount;
            }
            account.Append(NowMs, EntryKind.Adjustment, command.Amount, Actor, command.IdempotencyKey, NoMetadata, parts: parts,
                reference: command.Reason);
            Coverage.Count("adjustment took credits");
            if (parts.Count > 1)
            {
                Coverage.Count("adjustment took credits across lots");
            }
        }
        var balance = View(account);
        string Reply() => LedgerReplies.Adjust(command.Amount, lot is null ? "" : lot.Id ?? "(unbound)", balance);
        Remember(account.Id, command.IdempotencyKey, fingerprint, Reply);
        return (Expected.Text(Reply), lot);
    }

    public Expected ExtendHold(ExtendHoldCommand command)
    {
        if (command.Ttl < TimeSpan.FromSeconds(1) || command.Ttl > TimeSpan.FromHours(24))
        {
            Coverage.Count("hold extension with an impossible ttl refused");
            return Expected.Fail(Invalid("ttl"), ModelChannel.Ledger);
        }
        if (!_holdsById.TryGetValue(command.HoldId, out var hold))
        {
            return Expected.Fail(HoldNotFound(command.HoldId), ModelChannel.Ledger);
        }
        var account = Account(hold.AccountId);
        // As for a commit: the hold's account is loaded and caught up, then a freeze is hidden from callers.
        Touch(account, create: false);
        if (hold.IsFreeze)
        {
            Coverage.Count("extension of a freeze found no hold");
            return Expected.Fail(HoldNotFound(command.HoldId), ModelChannel.Ledger);
        }
        if (hold.State != ModelHoldState.Active)
        {
            Coverage.Count("extension of an ended hold refused");
            return Expected.Fail(HoldNotActive(hold), ModelChannel.Ledger);
        }
        var wanted = NowMs + (long)command.Ttl.TotalMilliseconds;
        var latest = hold.CreatedAtMs + (long)AuditConfiguration.HoldLifetimeMax.TotalMilliseconds;
        if (wanted > latest)
        {
            Coverage.Count("extension past the hold's lifetime refused");
            return Expected.Fail(ExpectedError.Of(StatusCode.FailedPrecondition, "HOLD_LIFETIME_EXCEEDED", ("holdId", hold.Id!),
                ("lifetimeMaxSeconds", Number((long)AuditConfiguration.HoldLifetimeMax.TotalSeconds)),
                ("expiresAtMax", DateTimeOffset.FromUnixTimeMilliseconds(latest).UtcDateTime
                    .ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture))), ModelChannel.Ledger);
        }
        if (wanted > hold.ExpiresAtMs)
        {
            hold.Extend(wanted);
            account.Append(NowMs, EntryKind.HoldExtend, 0, Actor, "", NoMetadata, hold: hold, feature: hold.Feature);
            Coverage.Count("hold extended");
        }
        else
        {
            Coverage.Count("extension that would shorten the hold left it");
        }
        var balance = View(account);
        var expiresAtMs = hold.ExpiresAtMs;
        return Expected.Text(() => LedgerReplies.ExtendHold(expiresAtMs, balance));
    }

    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();
}
