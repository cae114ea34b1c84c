using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.History;

/// <summary>
/// The followers of every account's journal. Followers of one account share an
/// <see cref="AccountTail"/> with a single reader, woken by <see cref="JournalNotifier"/> when a
/// commit (here, or a peer's heard through the relay) touches the account: a change costs one
/// journal read however many follow it, and an idle follower costs nothing.
/// </summary>
/// <remarks>
/// A change nobody announced (a peer that died before its notice, another process writing the
/// database) is caught by one poll a <see cref="PollInterval"/> for all followed accounts together,
/// where each follower used to poll for itself.
/// </remarks>
public sealed class JournalFollowers(LedgerDatabase database, JournalNotifier notifier, LedgerOptions options, TimeProvider time,
    ILogger logger)
{
    /// <summary>How often the journal is checked for changes no notice announced.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>Accounts looked up per poll query.</summary>
    internal const int PollChunk = 500;

    private readonly object _gate = new();
    private readonly Dictionary<string, AccountTail> _tails = new(StringComparer.Ordinal);
    private bool _polling;
    private long _reads;

    /// <summary>Accounts with at least one follower.</summary>
    public int FollowedAccounts
    {
        get
        {
            lock (_gate)
            {
                return _tails.Count;
            }
        }
    }

    /// <summary>Open follows across all accounts.</summary>
    public int Followers
    {
        get
        {
            lock (_gate)
            {
                return _tails.Values.Sum(tail => tail.Followers);
            }
        }
    }

    /// <summary>Journal reads made for followers since start: one per change of a followed account.</summary>
    public long TailReads => Interlocked.Read(ref _reads);

    /// <summary>Joins the followers of <paramref name="accountId"/>, who has read its journal through <paramref name="seenThrough"/>.</summary>
    internal TailLease Join(string accountId, long seenThrough)
    {
        lock (_gate)
        {
            if (!_tails.TryGetValue(accountId, out var tail))
            {
                tail = new AccountTail(accountId, seenThrough);
                _tails.Add(accountId, tail);
                // Started inside the lock so that the reader takes its signal while the tail is listed (see Stopped).
                _ = Task.Run(() => ReadAsync(tail));
                if (!_polling)
                {
                    _polling = true;
                    _ = Task.Run(PollAsync);
                }
            }
            tail.Followers++;
            return new TailLease(this, tail);
        }
    }

    internal void Leave(AccountTail tail)
    {
        lock (_gate)
        {
            if (--tail.Followers > 0)
            {
                return;
            }
            Unlist(tail);
        }
        // Outside the lock: cancelling runs the reader's continuations.
        tail.Stopping.Cancel();
    }

    private async Task ReadAsync(AccountTail tail)
    {
        var token = tail.Stopping.Token;
        var changed = Task.CompletedTask;
        try
        {
            while (true)
            {
                // Take the signal before reading, so a commit landing after the read still wakes us.
                changed = notifier.NextChange(tail.AccountId);
                List<Journal.JournalEntry> page;
                do
                {
                    var after = tail.Last;
                    page = await TransientRetry.RunAsync(t => JournalReader.ReadPageAsync(database, tail.AccountId, after, CreditLedger.HistoryPageSize, t),
                        options.TransientRetriesMax, logger, "a history read", token);
                    Interlocked.Increment(ref _reads);
                    tail.Append(page);
                }
                while (page.Count == CreditLedger.HistoryPageSize);
                await changed.WaitAsync(token);
            }
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            // The last follower left (a read cut short may surface as its provider's own error).
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Reading {AccountId}'s journal for its followers failed; they end and may reconnect", tail.AccountId);
            lock (_gate)
            {
                Unlist(tail);
            }
            tail.Fail(exception);
        }
        lock (_gate)
        {
            // A tail listed again for the account has its own reader waiting on this signal.
            if (!_tails.ContainsKey(tail.AccountId))
            {
                notifier.Forget(tail.AccountId, changed);
            }
        }
    }

    /// <summary>Runs while any account is followed; the first follower to join after it stops starts it again.</summary>
    private async Task PollAsync()
    {
        while (true)
        {
            try
            {
                await Task.Delay(PollInterval, time);
                KeyValuePair<string, long>[] followed;
                lock (_gate)
                {
                    if (_tails.Count == 0)
                    {
                        _polling = false;
                        return;
                    }
                    followed = _tails.Select(pair => KeyValuePair.Create(pair.Key, pair.Value.Last)).ToArray();
                }
                foreach (var chunk in followed.Chunk(PollChunk))
                {
                    var latest = await JournalReader.LatestSequencesAsync(database, chunk.Select(pair => pair.Key).ToArray(), CancellationToken.None);
                    foreach (var (accountId, seen) in chunk)
                    {
                        if (latest.TryGetValue(accountId, out var last) && last > seen)
                        {
                            notifier.Publish(accountId);
                        }
                    }
                }
            }
            catch (Exception exception)
            {
                // The next poll tries again; followers still hear every announced change meanwhile.
                logger.LogWarning(exception, "Polling followed journals for unannounced changes failed");
            }
        }
    }

    private void Unlist(AccountTail tail)
    {
        if (_tails.TryGetValue(tail.AccountId, out var listed) && ReferenceEquals(listed, tail))
        {
            _tails.Remove(tail.AccountId);
        }
    }
}

/// <summary>A follower's place among an account's followers; disposing it leaves.</summary>
internal sealed class TailLease(JournalFollowers followers, AccountTail tail) : IDisposable
{
    private int _left;

    public AccountTail Tail { get; } = tail;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0)
        {
            followers.Leave(Tail);
        }
    }
}
