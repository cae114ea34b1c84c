using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Outbox;

/// <summary>
/// The sending side of the outbox: due messages, oldest first, and their delivery state. A
/// message is marked sent only after its sender succeeded, so delivery is at least once; senders
/// make a repeat harmless (an email's Message-ID is the message id).
/// </summary>
public sealed class OutboxStore(LedgerDatabase database, TimeProvider time)
{
    /// <summary>Messages whose next attempt is due, oldest first.</summary>
    public async Task<IReadOnlyList<PendingMessage>> FetchDueAsync(string topic, int limit, CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(Clock.Now(time));
        await using var db = database.Open();
        var rows = await db.Outbox
            .Where(row => row.SentAtMs == null && row.Topic == topic && row.NextAttemptAtMs <= nowMs)
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
}
