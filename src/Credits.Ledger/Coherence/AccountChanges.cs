using Credits.Ledger.Accounts;
using Credits.Ledger.Balances;
using Credits.Ledger.Engine;
using Credits.Ledger.History;

namespace Credits.Ledger.Coherence;

/// <summary>
/// Where a commit's changes are announced: this process's balance cache and history followers at
/// once, and, when server instances share the database, the peers through a relay (see
/// <see cref="PostgresChangeRelay"/>), whose notices come back here from the other side.
/// </summary>
public sealed class AccountChanges(BalanceCache cache, JournalNotifier notifier)
{
    /// <summary>Accounts waiting for the relay beyond this are sent as "everything changed".</summary>
    public const int PendingMax = 10_000;

    private readonly object _gate = new();
    private HashSet<string> _pending = new(StringComparer.Ordinal);
    private bool _everything;
    private bool _relayed;
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Changes for a single process: nothing is relayed, every cached balance may be served.</summary>
    public static AccountChanges Local(BalanceCacheOptions? options = null) =>
        new(new BalanceCache(options ?? new BalanceCacheOptions()), new JournalNotifier());

    /// <summary>The balances GetBalance may answer from memory.</summary>
    public BalanceCache Cache { get; } = cache;

    /// <summary>Wakes history followers.</summary>
    public JournalNotifier Notifier { get; } = notifier;

    /// <summary>What committed batches spent, for the usage projector.</summary>
    public Analytics.Projection.UsageFeed Usage { get; } = new();

    /// <summary>Accounts a transaction changed, with their state as committed.</summary>
    internal void Committed(IReadOnlyList<Account> accounts, DateTimeOffset now)
    {
        foreach (var account in accounts)
        {
            Cache.PutCommitted(account.View(now), now, account.NextChangeAt(now));
            Notifier.Publish(account.AccountId);
        }
        Relay(accounts.Select(account => account.AccountId));
    }

    /// <summary>Accounts a transaction may or may not have changed (its commit failed without an answer).</summary>
    internal void Uncertain(IReadOnlyList<Account> accounts)
    {
        foreach (var account in accounts)
        {
            Cache.Invalidate(account.AccountId);
        }
        Relay(accounts.Select(account => account.AccountId));
    }

    /// <summary>A peer committed changes to <paramref name="accountIds"/>.</summary>
    public void ChangedElsewhere(IEnumerable<string> accountIds)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        foreach (var accountId in accountIds)
        {
            Cache.Invalidate(accountId);
            Notifier.Publish(accountId);
        }
    }

    /// <summary>
    /// Whether peers' changes are heard. While they are not (before the relay listens, or after its
    /// connection broke) no balance is served from memory, and a return drops all: changes made
    /// meanwhile went unheard.
    /// </summary>
    public void PeersHeard(bool heard) => Cache.SetCoherent(heard);

    /// <summary>From now on, local changes are kept for <see cref="TakeForPeersAsync"/>.</summary>
    public void StartRelaying()
    {
        lock (_gate)
        {
            _relayed = true;
        }
    }

    /// <summary>
    /// Waits for local changes and takes them: the accounts, or null when more than
    /// <see cref="PendingMax"/> piled up and peers should drop everything.
    /// </summary>
    public async Task<IReadOnlyCollection<string>?> TakeForPeersAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_everything || _pending.Count > 0)
                {
                    var taken = _everything ? null : _pending;
                    _pending = new HashSet<string>(StringComparer.Ordinal);
                    _everything = false;
                    return taken;
                }
                signal = _signal.Task;
            }
            await signal.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Puts back what a relay took but could not send.</summary>
    public void ReturnForPeers(IReadOnlyCollection<string>? accountIds) => Relay(accountIds);

    private void Relay(IEnumerable<string>? accountIds)
    {
        TaskCompletionSource signal;
        lock (_gate)
        {
            if (!_relayed)
            {
                return;
            }
            if (accountIds is null)
            {
                _everything = true;
            }
            else if (!_everything)
            {
                _pending.UnionWith(accountIds);
            }
            if (_pending.Count > PendingMax)
            {
                _everything = true;
                _pending.Clear();
            }
            signal = _signal;
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        signal.TrySetResult();
    }
}
