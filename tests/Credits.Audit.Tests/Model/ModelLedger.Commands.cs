using Credits.Audit.Tests.Checking;
using Credits.Audit.Tests.Support;
using Credits.Ledger.Commands;
using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// The commands the audit sends through the domain API because the gRPC service does not take them:
/// grants with rollover terms, claw-backs and their reversal, freezes, notes, and batches of them.
/// Grants of both channels are decided here by one rule.
/// </summary>
public sealed partial class ModelLedger
{
    /// <summary>The most credits one request may carry (10^12), which bounds a rollover cap too.</summary>
    private const long AmountMax = 1_000_000_000_000;

    /// <summary>A grant through the domain API; its rollover terms are checked before anything else happens.</summary>
    public (Expected Outcome, ModelLot? NewLot) Grant(GrantCommand command)
    {
        var bucket = Buckets.ToProto(command.Bucket);
        long? expiresAtMs = command.ExpiresAt is { } expiresAt ? ModelTime.ToMs(expiresAt) : null;
        ModelRolloverTerms? rollover = null;
        if (command.Rollover is { } terms)
        {
            rollover = new ModelRolloverTerms(terms.Cap, ModelTime.ToMs(terms.ExpiresAt));
            // A lot that rolls over must expire, before its rollover lot does; rollover lots never roll over again.
            if (expiresAtMs is null || rollover.ExpiresAtMs <= expiresAtMs || bucket == Bucket.Rollover
                || rollover.Cap < 0 || rollover.Cap > AmountMax)
            {
                Coverage.Count("grant with impossible rollover terms refused");
                return (Expected.Fail(Invalid("rollover"), ModelChannel.Ledger), null);
            }
        }
        var grant = new ModelGrant(command.AccountId, command.Amount, bucket, expiresAtMs, command.Priority, command.Reference,
            command.IdempotencyKey, new Dictionary<string, string>(command.Metadata, StringComparer.Ordinal), rollover);
        return Grant(grant, ModelFingerprint.Of(command), ModelChannel.Ledger);
    }

    public Expected Clawback(ClawbackCommand command)
    {
        var account = Account(command.AccountId);
        // A refund may come for an account that has nothing yet: the claw-back creates it, and owes it all.
        Touch(account, create: true);
        var fingerprint = ModelFingerprint.Of(command);
        if (Replay(account.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return replay;
        }
        if (account.FindClawback(command.Reference) is { } earlier)
        {
            // Claw-backs apply once per reference, beyond the key's retention: met again under a new
            // key, the first claw-back is reported as already applied, with its own figures.
            Coverage.Count("second claw-back for one reference reported as already applied");
            var current = View(account);
            var (firstTaken, firstOwed) = (earlier.Amount - earlier.OwedInitial, earlier.OwedInitial);
            string Applied() => LedgerReplies.Clawback(firstTaken, firstOwed, current, alreadyApplied: true);
            Remember(account.Id, command.IdempotencyKey, fingerprint, Applied);
            return Expected.Text(Applied);
        }
        var clawback = account.Clawback(command.Amount, command.LotId, command.Reference, Actor, command.IdempotencyKey,
            new Dictionary<string, string>(command.Metadata, StringComparer.Ordinal), NowMs);
        var balance = View(account);
        var (taken, owed) = (clawback.Amount - clawback.OwedInitial, clawback.OwedInitial);
        string Reply() => LedgerReplies.Clawback(taken, owed, balance);
        Remember(account.Id, command.IdempotencyKey, fingerprint, Reply);
        return Expected.Text(Reply);
    }

    public Expected ReverseClawback(ReverseClawbackCommand command)
    {
        var account = Account(command.AccountId);
        Touch(account, create: false);
        var fingerprint = ModelFingerprint.Of(command);
        if (Replay(account.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return replay;
        }
        var (returned, cancelled) = account.ReverseClawback(command.Reference, Actor, command.IdempotencyKey, NowMs);
        var balance = View(account);
        string Reply() => LedgerReplies.ReverseClawback(returned, cancelled, balance);
        Remember(account.Id, command.IdempotencyKey, fingerprint, Reply);
        return Expected.Text(Reply);
    }

    public Expected Freeze(FreezeCommand command)
    {
        var account = Account(command.AccountId);
        Touch(account, create: false);
        var fingerprint = ModelFingerprint.Of(command);
        if (Replay(account.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return replay;
        }
        long frozen = 0;
        if (!account.Exists)
        {
            // Nothing to freeze, and a freeze never creates the account.
            Coverage.Count("freeze of an account the ledger does not have");
        }
        else if (account.Freeze(command.LotId, command.Reference, Actor, command.IdempotencyKey, NowMs) is { } hold)
        {
            _freezes.Add(hold);
            frozen = hold.Amount;
        }
        var balance = View(account);
        string Reply() => LedgerReplies.Freeze(frozen, balance);
        Remember(account.Id, command.IdempotencyKey, fingerprint, Reply);
        return Expected.Text(Reply);
    }

    public Expected Unfreeze(UnfreezeCommand command)
    {
        var account = Account(command.AccountId);
        Touch(account, create: false);
        var fingerprint = ModelFingerprint.Of(command);
        if (Replay(account.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return replay;
        }
        var unfrozen = account.Exists ? account.Unfreeze(command.Reference, Actor, NowMs) : 0;
        var balance = View(account);
        string Reply() => LedgerReplies.Unfreeze(unfrozen, balance);
        Remember(account.Id, command.IdempotencyKey, fingerprint, Reply);
        return Expected.Text(Reply);
    }

    public Expected Note(NoteCommand command)
    {
        var account = Account(command.AccountId);
        Touch(account, create: true);
        var fingerprint = ModelFingerprint.Of(command);
        if (Replay(account.Id, command.IdempotencyKey, fingerprint, ModelChannel.Ledger) is { } replay)
        {
            return replay;
        }
        account.Note(command.Reference, Actor, command.IdempotencyKey, new Dictionary<string, string>(command.Metadata, StringComparer.Ordinal), NowMs);
        var balance = View(account);
        var sequence = account.Journal.Count;
        string Reply() => LedgerReplies.Note(sequence, balance);
        Remember(account.Id, command.IdempotencyKey, fingerprint, Reply);
        return Expected.Text(Reply);
    }

    /// <summary>
    /// Commands applied in one transaction: each is decided in turn, at the same moment, so the
    /// outcome is that of the commands one after another (a failing one changes nothing).
    /// </summary>
    public Expected Batch(IReadOnlyList<LedgerCommand> commands) => Expected.All(commands.Select(command => command switch
    {
        GrantCommand grant => Grant(grant).Outcome,
        ClawbackCommand clawback => Clawback(clawback),
        ReverseClawbackCommand reversal => ReverseClawback(reversal),
        FreezeCommand freeze => Freeze(freeze),
        UnfreezeCommand unfreeze => Unfreeze(unfreeze),
        NoteCommand note => Note(note),
        _ => throw new ArgumentOutOfRangeException(nameof(commands), command.GetType().Name, "The audit sends no such command."),
    }).ToList());

    /// <summary>The one grant rule: a lot, its entry, then the debts it repays.</summary>
    private (Expected Outcome, ModelLot? NewLot) Grant(ModelGrant grant, string fingerprint, ModelChannel channel)
    {
        var account = Account(grant.AccountId);
        Touch(account, create: true);
        if (Replay(grant.AccountId, grant.IdempotencyKey, fingerprint, channel) is { } replay)
        {
            return (replay, null);
        }
        if (grant.ExpiresAtMs <= NowMs)
        {
            return (Expected.Fail(Invalid("expires_at"), channel), null);
        }
        var priority = grant.Priority ?? AuditConfiguration.DefaultPriorities[grant.Bucket];
        var lot = account.AddLot(grant.Bucket, priority, grant.ExpiresAtMs, NowMs, grant.Amount, grant.Rollover?.Cap ?? 0,
            grant.Rollover?.ExpiresAtMs);
        if (grant.Rollover is not null)
        {
            Coverage.Count("grant with rollover terms");
        }
        account.Append(NowMs, EntryKind.Grant, grant.Amount, Actor, grant.IdempotencyKey, grant.Metadata, lot: lot,
            parts: [new ModelPart(lot, grant.Amount)], bucket: grant.Bucket, reference: grant.Reference);
        account.RepayDebts([lot], Actor, NowMs);
        var balance = View(account);
        Func<string> reply = channel == ModelChannel.Grpc
            ? () => $"ok {new GrantResponse { LotId = lot.Id ?? "(unbound)", Balance = balance }}"
            : () => LedgerReplies.Grant(lot.Id ?? "(unbound)", balance);
        Remember(grant.AccountId, grant.IdempotencyKey, fingerprint, reply);
        return (Expected.Text(reply), lot);
    }
}
