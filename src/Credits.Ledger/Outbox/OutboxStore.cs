using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Outbox;

/// <summary>
/// The sending side of the outbox: due messages, oldest first, and their delivery state. A
/// message is marked sent only after its sender succeeded, so delivery is at least once; senders
/// make a repeat harmless (an email's Message-ID is the message id). A message whose sender gave up
/// is marked dead: it stays in the table for an operator and is never claimed again.
/// </summary>
public sealed class OutboxStore(LedgerDatabase database, TimeProvider time)
{
    /// <summary>How long a claimed message is reserved for its sender before another may take it.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due messages for this sender: each is pushed
    /// <see cref="ClaimLease"/> into the future by a conditional update, so that when several server
    /// instances poll the same database each message goes to exactly one of them. A sender that dies
    /// holding a claim only delays the message by the lease.
    /// </summary>
    public async Task<IReadOnlyList<PendingMessage>> ClaimDueAsync(string topic, int limit, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        var leaseUntilMs = nowMs + (long)ClaimLease.TotalMilliseconds;
        await using var db = database.Open();
        var candidates = await db.Outbox
            .Where(row => row.SentAtMs == null && row.DeadAtMs == null && row.Topic == topic && row.NextAttemptAtMs <= nowMs)
            .OrderBy(row => row.CreatedAtMs)
            .Take(limit)
            .ToListAsync(cancellationToken);
        var claimed = new List<PendingMessage>(candidates.Count);
        foreach (var row in candidates)
        {
            var won = await db.Outbox
                .Where(other => other.AccountId == row.AccountId && other.MessageId == row.MessageId && other.SentAtMs == null
                                && other.DeadAtMs == null && other.NextAttemptAtMs == row.NextAttemptAtMs)
                .Set(other => other.NextAttemptAtMs, leaseUntilMs)
                .UpdateAsync(cancellationToken);
            if (won == 1)
            {
                claimed.Add(new PendingMessage(row.AccountId, row.MessageId, row.Topic, row.PayloadJson, row.ResultJson,
                    Clock.FromMs(row.CreatedAtMs), row.Attempts));
            }
        }
        return claimed;
    }

    /// <summary>Records that a message will never be sent (no valid recipient), with the reason.</summary>
    public async Task MarkDroppedAsync(PendingMessage message, string reason, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        await db.Outbox.Where(row => row.AccountId == message.AccountId && row.MessageId == message.MessageId)
            .Set(row => row.SentAtMs, nowMs)
            .Set(row => row.LastError, "dropped: " + (reason.Length > 900 ? reason[..900] : reason))
            .UpdateAsync(cancellationToken);
    }

    /// <summary>Messages whose next attempt is due, oldest first, without claiming them (for inspection).</summary>
    public async Task<IReadOnlyList<PendingMessage>> FetchDueAsync(string topic, int limit, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        var rows = await db.Outbox
            .Where(row => row.SentAtMs == null && row.DeadAtMs == null && row.Topic == topic && row.NextAttemptAtMs <= nowMs)
            .OrderBy(row => row.CreatedAtMs)
            .Take(limit)
            .ToListAsync(cancellationToken);
        return rows.ConvertAll(row => new PendingMessage(row.AccountId, row.MessageId, row.Topic, row.PayloadJson, row.ResultJson,
            Clock.FromMs(row.CreatedAtMs), row.Attempts));
    }

    /// <summary>Records a successful delivery; the message is never sent again.</summary>
    public async Task MarkSentAsync(PendingMessage message, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        await db.Outbox.Where(row => row.AccountId == message.AccountId && row.MessageId == message.MessageId)
            .Set(row => row.SentAtMs, nowMs)
            .Set(row => row.Attempts, message.Attempts + 1)
            .UpdateAsync(cancellationToken);
    }

    /// <summary>Records a failed attempt and when to try again.</summary>
    public async Task MarkFailedAsync(PendingMessage message, string error, TimeSpan retryIn, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        await db.Outbox.Where(row => row.AccountId == message.AccountId && row.MessageId == message.MessageId)
            .Set(row => row.Attempts, message.Attempts + 1)
            .Set(row => row.LastError, error.Length > 1000 ? error[..1000] : error)
            .Set(row => row.NextAttemptAtMs, nowMs + (long)retryIn.TotalMilliseconds)
            .UpdateAsync(cancellationToken);
    }

    /// <summary>
    /// Records a last failed attempt after which the sender gives up: the message is never claimed
    /// again but stays in the table (with <c>dead_at_ms</c>, its attempts and the error) for an operator.
    /// </summary>
    public async Task MarkDeadAsync(PendingMessage message, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(error);
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        await db.Outbox.Where(row => row.AccountId == message.AccountId && row.MessageId == message.MessageId)
            .Set(row => row.Attempts, message.Attempts + 1)
            .Set(row => row.LastError, error.Length > 1000 ? error[..1000] : error)
            .Set(row => row.DeadAtMs, nowMs)
            .UpdateAsync(cancellationToken);
    }
}
