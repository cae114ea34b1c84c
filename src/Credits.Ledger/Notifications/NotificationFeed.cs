using System.Runtime.CompilerServices;
using Credits.Ledger.Accounts;

namespace Credits.Ledger.Notifications;

/// <summary>
/// An account's notifications after a sequence, past then live, for a bell that updates without
/// reloading. Every notification is written in the transaction of the journal entry that caused
/// it, so the account's journal is the wake-up: the stream follows the journal (one shared reader
/// per account, <see cref="CreditLedger.StreamHistoryAsync"/>) and reads the notifications after
/// the last one delivered whenever an entry arrives. An expiry warning changes no balance and
/// writes no entry, so the feed also looks every <see cref="RecheckInterval"/> while the journal is
/// quiet. Each notification is delivered once, in sequence order.
/// </summary>
public sealed class NotificationFeed(CreditLedger ledger, NotificationInbox inbox)
{
    /// <summary>How long a quiet journal is trusted before the notifications are read again (for those no entry announces).</summary>
    public TimeSpan RecheckInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Notifications read per query.</summary>
    internal const int Page = 200;

    /// <summary>Notifications of <paramref name="accountId"/> after <paramref name="afterSequence"/>, then each new one as it is written, until cancelled.</summary>
    public async IAsyncEnumerable<AccountNotification> StreamAsync(string accountId, long afterSequence,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        AccountIds.Parse(accountId, "account_id");
        if (afterSequence < 0)
        {
            throw Errors.LedgerErrors.Invalid("after_sequence", "after_sequence is 0 (from the first) or a notification's sequence.").ToException();
        }
        // The journal's position is taken before the past is read: a notification written after
        // this read comes with a later entry, which wakes the loop below; one written before it is
        // in the past read. A stale (cached) position only means an extra wake-up.
        var journalSeen = (await ledger.GetBalanceAsync(accountId, cancellationToken: cancellationToken)).LastSequence;
        var last = afterSequence;
        await foreach (var notification in ReadAfterAsync(accountId, last, cancellationToken))
        {
            last = notification.Sequence;
            yield return notification;
        }
        // The journal is followed under its own token: leaving the loop (the caller stops early)
        // must end the pending read before the follower is disposed.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var journal = ledger.StreamHistoryAsync(accountId, journalSeen, follow: true, stop.Token).GetAsyncEnumerator(stop.Token);
        var next = journal.MoveNextAsync().AsTask();
        try
        {
            while (true)
            {
                // Either an entry arrived or the journal stayed quiet for the interval: read what is new.
                var quiet = Task.Delay(RecheckInterval, cancellationToken);
                if (await Task.WhenAny(next, quiet) == next)
                {
                    if (!await next)
                    {
                        yield break;
                    }
                    next = journal.MoveNextAsync().AsTask();
                }
                cancellationToken.ThrowIfCancellationRequested();
                await foreach (var notification in ReadAfterAsync(accountId, last, cancellationToken))
                {
                    last = notification.Sequence;
                    yield return notification;
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await next.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            await journal.DisposeAsync();
        }
    }

    private async IAsyncEnumerable<AccountNotification> ReadAfterAsync(string accountId, long after,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await inbox.ListAsync(accountId, after, Page, unreadOnly: false, cancellationToken);
            foreach (var notification in page)
            {
                yield return notification;
            }
            if (page.Count < Page)
            {
                yield break;
            }
            after = page[^1].Sequence;
        }
    }
}
