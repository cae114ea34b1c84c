using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Errors;
using Credits.Ledger.Idempotency;

namespace Credits.Ledger.Engine;

/// <summary>
/// Decides one command in memory against the batch's loaded accounts, in arrival order. Keyed
/// commands go through the idempotency store here, once, whatever the batch size.
/// </summary>
internal static class CommandDecider
{
    public static object Decide(Batch batch, LedgerCommand command) => command switch
    {
        GrantCommand grant => Keyed(batch, grant, () => Grant(batch, grant)),
        ReserveCommand reserve => Keyed(batch, reserve, () => Reserve(batch, reserve)),
        ClaimLeadCommand claim => Keyed(batch, claim, () => ClaimLead(batch, claim)),
        ClawbackCommand clawback => Keyed(batch, clawback, () => Clawback(batch, clawback)),
        ReverseClawbackCommand reverse => Keyed(batch, reverse, () => ReverseClawback(batch, reverse)),
        FreezeCommand freeze => Keyed(batch, freeze, () => Freeze(batch, freeze)),
        UnfreezeCommand unfreeze => Keyed(batch, unfreeze, () => Unfreeze(batch, unfreeze)),
        NoteCommand note => Keyed(batch, note, () => Note(batch, note)),
        CommitCommand commit => Commit(batch, commit),
        ReleaseCommand release => Release(batch, release),
        // The batch's catch-up already applied what was due; the sweep reports what that wrote.
        SweepCommand sweep => new SweepResult(batch.Accounts.TryGetValue(sweep.AccountId, out var swept) ? swept.NewEntries.Count : 0),
        _ => throw new ArgumentOutOfRangeException(nameof(command), command.GetType().Name, null),
    };

    private static T Keyed<T, TCommand>(Batch batch, TCommand command, Func<T> decide) where TCommand : LedgerCommand, IKeyedCommand
    {
        var (accountId, key) = (command.KeyAccountId, command.IdempotencyKey);
        var id = new IdempotencyKeyId(accountId, command.Actor, key);
        var fingerprint = RequestFingerprint.Of(command);
        var now = Clock.ToMs(batch.Context.Now);
        var existing = batch.Keys.GetValueOrDefault(id);
        if (existing is not null && existing.ExpiresAtMs > now)
        {
            return existing.Fingerprint == fingerprint
                ? StoredJson.Read<T>(existing.ResponseJson)
                : throw LedgerErrors.IdempotencyKeyReused(key);
        }
        var result = decide();
        if (command.Notification is { } notification)
        {
            batch.Outbox.Add(new OutboxRow
            {
                AccountId = accountId,
                MessageId = Ids.NewMessageId(),
                Topic = notification.Topic,
                PayloadJson = notification.PayloadJson,
                ResultJson = StoredJson.Write(result),
                CreatedAtMs = now,
                NextAttemptAtMs = now,
            });
        }
        batch.Keys[id] = new IdempotencyRow
        {
            AccountId = accountId,
            Caller = command.Actor,
            IdempotencyKey = key,
            Fingerprint = fingerprint,
            ResponseJson = StoredJson.Write(result),
            CreatedAtMs = now,
            ExpiresAtMs = now + (long)batch.Context.Options.IdempotencyKeyRetention.TotalMilliseconds,
        };
        batch.ClaimedKeys[id] = existing is not null;
        return result;
    }

    private static GrantResult Grant(Batch batch, GrantCommand command)
    {
        var account = batch.Accounts[command.AccountId];
        var lot = account.Grant(command, batch.Context);
        return new GrantResult(lot.LotId, account.View(batch.Context.Now));
    }

    private static ReserveResult Reserve(Batch batch, ReserveCommand command)
    {
        var account = batch.Accounts[command.AccountId];
        var hold = account.Reserve(command, batch.Context);
        return new ReserveResult(hold.HoldId, hold.Amount, hold.ExpiresAt, account.View(batch.Context.Now));
    }

    private static CommitResult Commit(Batch batch, CommitCommand command)
    {
        var (account, hold) = FindHold(batch, command.HoldId);
        var (committed, released) = account.Commit(hold, command.Amount, command.Actor, command.Metadata, batch.Context);
        return new CommitResult(committed, released, account.View(batch.Context.Now));
    }

    private static ReleaseResult Release(Batch batch, ReleaseCommand command)
    {
        var (account, hold) = FindHold(batch, command.HoldId);
        var released = account.Release(hold, command.Actor, batch.Context);
        return new ReleaseResult(released, account.View(batch.Context.Now));
    }

    private static ClaimLeadResult ClaimLead(Batch batch, ClaimLeadCommand command)
    {
        var lead = batch.Accounts[command.LeadAccountId];
        var user = batch.Accounts[command.UserAccountId];
        if (lead.LeadState == Accounts.LeadState.Claimed)
        {
            return lead.ClaimedBy == command.UserAccountId
                ? new ClaimLeadResult(0, user.View(batch.Context.Now))
                : throw LedgerErrors.LeadAlreadyClaimed(command.LeadAccountId);
        }
        user.RequireRoomFor(lead.Available, "lead_account_id");
        var moved = lead.TransferOut(command.UserAccountId, command.Actor, command.IdempotencyKey, batch.Context);
        user.TransferIn(command.LeadAccountId, moved, command.Actor, command.IdempotencyKey, batch.Context);
        lead.MarkClaimedBy(command.UserAccountId);
        return new ClaimLeadResult(moved.Sum(item => item.Amount), user.View(batch.Context.Now));
    }

    private static NoteResult Note(Batch batch, NoteCommand command)
    {
        var account = batch.Accounts[command.AccountId];
        return new NoteResult(account.Note(command, batch.Context), account.View(batch.Context.Now));
    }

    private static ClawbackResult Clawback(Batch batch, ClawbackCommand command)
    {
        var account = batch.Accounts[command.AccountId];
        var clawback = account.Clawback(command, batch.Context);
        return new ClawbackResult(clawback.Amount - clawback.OwedInitial, clawback.OwedInitial, account.View(batch.Context.Now));
    }

    private static ReverseClawbackResult ReverseClawback(Batch batch, ReverseClawbackCommand command)
    {
        var account = batch.Accounts[command.AccountId];
        var (returned, cancelled) = account.ReverseClawback(command, batch.Context);
        return new ReverseClawbackResult(returned, cancelled, account.View(batch.Context.Now));
    }

    private static FreezeResult Freeze(Batch batch, FreezeCommand command)
    {
        var account = batch.Accounts[command.AccountId];
        return new FreezeResult(account.Persisted ? account.Freeze(command, batch.Context) : 0, account.View(batch.Context.Now));
    }

    private static UnfreezeResult Unfreeze(Batch batch, UnfreezeCommand command)
    {
        var account = batch.Accounts[command.AccountId];
        return new UnfreezeResult(account.Persisted ? account.Unfreeze(command, batch.Context) : 0, account.View(batch.Context.Now));
    }

    private static (AccountState Account, Holds.Hold Hold) FindHold(Batch batch, string holdId)
    {
        // A freeze is not a caller's reservation: to callers it does not exist.
        if (batch.HoldAccounts.TryGetValue(holdId, out var accountId)
            && batch.Accounts[accountId].TryGetHold(holdId, out var hold)
            && hold.Purpose == Holds.HoldPurpose.Reservation)
        {
            return (batch.Accounts[accountId], hold);
        }
        throw LedgerErrors.HoldNotFound(holdId);
    }
}
