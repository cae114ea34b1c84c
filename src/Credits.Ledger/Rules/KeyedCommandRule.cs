using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Idempotency;

namespace Credits.Ledger.Rules;

/// <summary>
/// A rule whose command is applied once per idempotency key: the same key and request return the
/// first response; the same key with another request is <see cref="LedgerErrorKind.IdempotencyKeyReused"/>.
/// The key is claimed in the batch that applies the command, so the claim and the change commit together.
/// </summary>
internal abstract class KeyedCommandRule<TCommand, TResult> : CommandRule<TCommand, TResult>
    where TCommand : LedgerCommand<TResult>
    where TResult : class
{
    /// <summary>The account and key that identify the request.</summary>
    public abstract IdempotencyScope KeyOf(TCommand command);

    /// <summary>
    /// A digest of everything the request asks for (see <see cref="Idempotency.RequestFingerprint"/>).
    /// Stored with every key: changing what it covers turns retries of answered requests into errors.
    /// </summary>
    public abstract string Fingerprint(TCommand command);

    /// <summary>The accounts the command locks and loads, besides its key.</summary>
    protected abstract void DeclareAccounts(TCommand command, LoadPlan plan);

    /// <summary>Decides a request seen for the first time (or whose key has expired).</summary>
    protected abstract Decision<TResult> DecideOnce(TCommand command, Batch batch);

    protected sealed override void Declare(TCommand command, LoadPlan plan)
    {
        DeclareAccounts(command, plan);
        plan.Want(BatchEntities.IdempotencyRecords, IdOf(command));
    }

    protected sealed override uint Partition(TCommand command) => LanePartition(command);

    /// <summary>The command's lane: that of the key's account, unless the key is scoped otherwise (a refund's hold).</summary>
    protected virtual uint LanePartition(TCommand command) => Ids.Partition(KeyOf(command).AccountId);

    protected sealed override Decision<TResult> Decide(TCommand command, Batch batch)
    {
        var id = IdOf(command);
        var fingerprint = Fingerprint(command);
        var now = Clock.ToMs(batch.Context.Now);
        var records = batch.Set(BatchEntities.IdempotencyRecords);
        var existing = records.Find(id);
        if (existing is not null && existing.IsLiveAt(now))
        {
            return existing.Fingerprint == fingerprint
                ? StoredJson.Read<TResult>(existing.ResponseJson)
                : LedgerErrors.IdempotencyKeyReused(id.Key);
        }
        var decision = DecideOnce(command, batch);
        if (decision.Result is not { } result)
        {
            return decision;
        }
        var responseJson = StoredJson.Write(result);
        // A command met again after its key expired (IAppliedOnce) changed nothing: its message went
        // out with its first application.
        if (command.Notification is { } notification && result is not IAppliedOnce { AlreadyApplied: true })
        {
            batch.Outbox.Add(new OutboxRow
            {
                AccountId = id.AccountId,
                MessageId = Ids.NewMessageId(),
                Topic = notification.Topic,
                PayloadJson = notification.PayloadJson,
                ResultJson = responseJson,
                CreatedAtMs = now,
                NextAttemptAtMs = now,
            });
        }
        var expiresAtMs = now + (long)batch.Context.Options.IdempotencyKeyRetention.TotalMilliseconds;
        if (existing is null)
        {
            records.Add(IdempotencyRecord.Claim(id, fingerprint, responseJson, now, expiresAtMs));
        }
        else
        {
            existing.Reclaim(fingerprint, responseJson, now, expiresAtMs);
        }
        return decision;
    }

    private IdempotencyKeyId IdOf(TCommand command)
    {
        var scope = KeyOf(command);
        return new IdempotencyKeyId(scope.AccountId, command.Actor, scope.Key);
    }
}
