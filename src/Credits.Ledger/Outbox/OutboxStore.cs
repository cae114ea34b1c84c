using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Outbox;

/// <summary>
/// The sending side of the outbox: due messages, oldest first, and their delivery state. A
/// message is marked sent only after its sender succeeded, so delivery is at least once; senders
/// make a repeat harmless (an email's Message-ID is the message id). A message whose sender gave up
/// is marked dead: it stays in the table for an operator and is never claimed again. Every mark is
/// conditional on the lease the sender claimed: a sender whose lease ran out (and whose message
/// another instance may have claimed since) writes nothing, and learns it from the false it gets.
/// </summary>
public sealed class OutboxStore(LedgerDatabase database, TimeProvider time)
{
    /// <summary>How long a claimed message is reserved for its sender before another may take it.</summary>
    public static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long after taking or renewing its lease a sender may still be sending: it abandons the
    /// send after this, before the lease runs out and another instance may claim the message, so two
    /// instances never send one message at once (as long as their clocks agree within the margin).
    /// </summary>
    public static readonly TimeSpan SendDeadline = ClaimLease - TimeSpan.FromSeconds(30);

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
                    Clock.FromMs(row.CreatedAtMs), row.Attempts, leaseUntilMs));
            }
        }
        return claimed;
    }

    /// <summary>
    /// Takes a fresh lease on a claimed message just before it is sent (a batch's later messages may
    /// have waited for the earlier ones): the message with the new lease, or null when this sender
    /// no longer holds it (its lease ran out and another instance claimed it, or it was sent).
    /// </summary>
    public async Task<PendingMessage?> RenewLeaseAsync(PendingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var leaseUntilMs = Clock.ToMs(Clock.Now(time)) + (long)ClaimLease.TotalMilliseconds;
        await using var db = database.Open();
        var renewed = await Held(db, message).Set(row => row.NextAttemptAtMs, leaseUntilMs).UpdateAsync(cancellationToken);
        return renewed == 1 ? message with { LeaseUntilMs = leaseUntilMs } : null;
    }

    /// <summary>Records that a message will never be sent (no valid recipient), with the reason; false if the lease was lost.</summary>
    public async Task<bool> MarkDroppedAsync(PendingMessage message, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(reason);
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        return await Held(db, message)
            .Set(row => row.SentAtMs, nowMs)
            .Set(row => row.LastError, "dropped: " + (reason.Length > 900 ? reason[..900] : reason))
            .UpdateAsync(cancellationToken) == 1;
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

    /// <summary>Records a successful delivery, so the message is never sent again; false if the lease was lost.</summary>
    public async Task<bool> MarkSentAsync(PendingMessage message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        return await Held(db, message)
            .Set(row => row.SentAtMs, nowMs)
            .Set(row => row.Attempts, message.Attempts + 1)
            .UpdateAsync(cancellationToken) == 1;
    }

    /// <summary>Records a failed attempt and when to try again; false if the lease was lost.</summary>
    public async Task<bool> MarkFailedAsync(PendingMessage message, string error, TimeSpan retryIn, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(error);
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        return await Held(db, message)
            .Set(row => row.Attempts, message.Attempts + 1)
            .Set(row => row.LastError, error.Length > 1000 ? error[..1000] : error)
            .Set(row => row.NextAttemptAtMs, nowMs + (long)retryIn.TotalMilliseconds)
            .UpdateAsync(cancellationToken) == 1;
    }

    /// <summary>
    /// Records a last failed attempt after which the sender gives up: the message is never claimed
    /// again but stays in the table (with <c>dead_at_ms</c>, its attempts and the error) for an operator.
    /// </summary>
    public async Task<bool> MarkDeadAsync(PendingMessage message, string error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(error);
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        return await Held(db, message)
            .Set(row => row.Attempts, message.Attempts + 1)
            .Set(row => row.LastError, error.Length > 1000 ? error[..1000] : error)
            .Set(row => row.DeadAtMs, nowMs)
            .UpdateAsync(cancellationToken) == 1;
    }

    // The message's row while this sender still holds it: unsent, not dead, and carrying the lease
    // the sender took. Once the lease ran out another instance may have claimed it (a new lease) or
    // sent it; then nothing matches and the sender's mark changes nothing.
    private static IQueryable<Data.Rows.OutboxRow> Held(LedgerDb db, PendingMessage message) =>
        db.Outbox.Where(row => row.AccountId == message.AccountId && row.MessageId == message.MessageId && row.SentAtMs == null
                               && row.DeadAtMs == null && row.NextAttemptAtMs == message.LeaseUntilMs);
}
