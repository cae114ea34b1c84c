using System.Collections.Concurrent;
using System.Diagnostics;
using Credits.Client;
using Credits.Client.Errors;
using Credits.V1;
using Grpc.Net.Client;
using Npgsql;

namespace Credits.CrashHarness;

/// <summary>
/// What a reader of the ledger sees on each instance, checked against the database: every instance
/// follows the history of a few watched accounts (StreamHistory with <c>follow</c>), resuming after
/// the last sequence it got whenever the stream breaks (its instance was killed, PostgreSQL went
/// away); and once the load has stopped every instance must serve the same balance as the database
/// holds. A stream must deliver each entry once, in sequence, exactly as the journal stores it.
/// </summary>
internal sealed class CoherenceWatch : IAsyncDisposable
{
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CatchUpTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long instances may disagree once the load stopped: a peer hears of a commit by a notice
    /// after it, and a notice is lost with an instance killed between its commit and the notice;
    /// the balance cache's default MaxAge (30 s) bounds that. Plus slack for a slow machine.
    /// </summary>
    private static readonly TimeSpan AgreementTimeout = TimeSpan.FromSeconds(35);

    private readonly ServerFleet _servers;
    private readonly string _connectionString;
    private readonly List<CreditsClient> _clients;
    private readonly List<Follower> _followers = [];
    private readonly CancellationTokenSource _stop = new();

    public CoherenceWatch(ServerFleet servers, IEnumerable<string> watchedAccounts, string connectionString)
    {
        _servers = servers;
        _connectionString = connectionString;
        _clients = [.. servers.Instances.Select(instance => CreditsClient.Create(instance.Address, servers.ApiKey, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                ConnectTimeout = TimeSpan.FromSeconds(1),
                KeepAlivePingDelay = TimeSpan.FromSeconds(5),
                KeepAlivePingTimeout = TimeSpan.FromSeconds(2),
            },
            DisposeHttpClient = true,
        }))];
        foreach (var account in watchedAccounts)
        {
            for (var i = 0; i < servers.Instances.Count; i++)
            {
                _followers.Add(new Follower(i, account));
            }
        }
    }

    /// <summary>Streams that broke a delivered entry's order or content, instances that never agreed.</summary>
    public ConcurrentQueue<string> Problems { get; } = new();

    public int Streams => _followers.Count;

    public long EntriesStreamed => _followers.Sum(follower => (long)follower.Entries.Count);

    public long Reconnects => _followers.Sum(follower => (long)follower.Reconnects);

    /// <summary>From the end of the load until every instance served the database's balance of every account.</summary>
    public TimeSpan Agreement { get; private set; }

    public void Start()
    {
        foreach (var follower in _followers)
        {
            follower.Run = Task.Run(() => FollowAsync(follower, _stop.Token));
        }
    }

    /// <summary>
    /// How long a grant through one instance may stay unseen by another that cached the account's
    /// balance. Notices take milliseconds; a peer that missed one would serve the stale balance for
    /// the cache's MaxAge (30 s), which this is far below.
    /// </summary>
    private static readonly TimeSpan NoticeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Accounts the notice probe writes to, one grant each.</summary>
    private const int NoticeProbes = 12;

    /// <summary>The longest a probe grant took to show on every other instance.</summary>
    public TimeSpan SlowestNotice { get; private set; }

    /// <summary>Grants <see cref="CheckNoticesAsync"/> made (after the audit).</summary>
    public int NoticesProbed { get; private set; }

    /// <summary>
    /// With the load stopped and every instance serving: streams catch up with the journal, balances
    /// agree, and (with several instances) a grant through one instance shows at once on the others.
    /// Runs after the audit: the probe grants are not part of the audited workload.
    /// </summary>
    public async Task FinishAsync(IReadOnlyList<string> accounts, string runId, CancellationToken cancellationToken)
    {
        await CheckStreamsAsync(cancellationToken);
        await CheckBalancesAsync(accounts, cancellationToken);
        if (_clients.Count > 1)
        {
            await CheckNoticesAsync(accounts.Take(NoticeProbes).ToList(), runId, cancellationToken);
        }
    }

    /// <summary>
    /// Every instance has just served (and cached) each account's balance. A grant through one
    /// instance must then reach every other one's cache by its notice: a peer that did not hear it
    /// would answer the cached balance until MaxAge, which the final agreement above cannot tell
    /// from a slow notice.
    /// </summary>
    private async Task CheckNoticesAsync(List<string> accounts, string runId, CancellationToken cancellationToken)
    {
        for (var i = 0; i < accounts.Count; i++)
        {
            var account = accounts[i];
            var writer = i % _clients.Count;
            var grant = await _clients[writer].GrantAsync(new GrantRequest
            {
                AccountId = account,
                Amount = 1,
                Bucket = Bucket.Promo,
                Reference = runId,
                IdempotencyKey = $"{runId}-notice-probe-{i}",
            }, cancellationToken);
            NoticesProbed++;
            var written = grant.Balance.LastSequence;
            var clock = Stopwatch.StartNew();
            var readers = Enumerable.Range(0, _clients.Count).Where(reader => reader != writer).ToList();
            while (readers.Count > 0 && clock.Elapsed < NoticeTimeout)
            {
                var answers = await Task.WhenAll(readers.Select(reader => _clients[reader].GetBalanceAsync(account, cancellationToken)));
                readers = [.. readers.Where((_, n) => answers[n].LastSequence < written)];
                if (readers.Count > 0)
                {
                    await Task.Delay(10, cancellationToken);
                }
            }
            SlowestNotice = clock.Elapsed > SlowestNotice ? clock.Elapsed : SlowestNotice;
            foreach (var reader in readers)
            {
                Problems.Enqueue($"{account}: a grant through server-{writer + 1} (entry {written}) was not seen by server-{reader + 1} within {NoticeTimeout.TotalSeconds} s");
            }
        }
    }

    private async Task FollowAsync(Follower follower, CancellationToken stop)
    {
        var client = _clients[follower.Instance];
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await foreach (var entry in client.StreamHistoryAsync(follower.Account, follower.Last, follow: true, stop))
                {
                    if (entry.Sequence != follower.Last + 1)
                    {
                        Problems.Enqueue($"the stream of {follower.Account} on server-{follower.Instance + 1} delivered entry {entry.Sequence} after {follower.Last}");
                    }
                    if (entry.Sequence > follower.Last)
                    {
                        follower.Entries.Add(entry);
                        follower.Last = entry.Sequence;
                    }
                }
                // A following stream ends only when the server goes away gracefully: resume it.
            }
            catch (CreditsException) when (!stop.IsCancellationRequested)
            {
                // The instance died or lost its database: resume after the last entry received.
            }
            catch (CreditsException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            follower.Reconnects++;
            try
            {
                await Task.Delay(ReconnectDelay, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task CheckStreamsAsync(CancellationToken cancellationToken)
    {
        var watched = _followers.Select(follower => follower.Account).Distinct(StringComparer.Ordinal).ToArray();
        var last = await LastSequencesAsync(watched, cancellationToken);
        var deadline = Stopwatch.StartNew();
        while (_followers.Any(follower => follower.Last < last.GetValueOrDefault(follower.Account)) && deadline.Elapsed < CatchUpTimeout)
        {
            await Task.Delay(100, cancellationToken);
        }
        await _stop.CancelAsync();
        await Task.WhenAll(_followers.Select(follower => follower.Run));

        var journal = await JournalAsync(watched, cancellationToken);
        foreach (var follower in _followers)
        {
            var where = $"the stream of {follower.Account} on server-{follower.Instance + 1}";
            if (follower.Last < last.GetValueOrDefault(follower.Account))
            {
                Problems.Enqueue($"{where} stopped at entry {follower.Last}; the journal has {last.GetValueOrDefault(follower.Account)} ({CatchUpTimeout.TotalSeconds} s after the load)");
            }
            var stored = journal.GetValueOrDefault(follower.Account) ?? [];
            foreach (var entry in follower.Entries)
            {
                var row = stored.Find(row => row.Sequence == entry.Sequence);
                if (row is null || row.Amount != entry.Amount || row.AvailableAfter != entry.AvailableAfter || row.HeldAfter != entry.HeldAfter
                    || row.LotId != entry.LotId || row.HoldId != entry.HoldId)
                {
                    Problems.Enqueue($"{where} delivered entry {entry.Sequence} ({entry.Amount}, {entry.AvailableAfter}/{entry.HeldAfter}) unlike the journal's ({row?.ToString() ?? "none"})");
                }
            }
        }
    }

    private async Task CheckBalancesAsync(IReadOnlyList<string> accounts, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pending = new HashSet<string>(accounts, StringComparer.Ordinal);
        var disagreements = new Dictionary<string, string>(StringComparer.Ordinal);
        while (pending.Count > 0 && clock.Elapsed < AgreementTimeout)
        {
            var last = await LastSequencesAsync([.. pending], cancellationToken);
            foreach (var account in pending.ToList())
            {
                Balance[] answers;
                try
                {
                    answers = await Task.WhenAll(_clients.Select(client => client.GetBalanceAsync(account, cancellationToken)));
                }
                catch (CreditsException error)
                {
                    disagreements[account] = $"a read failed: {error.Message}";
                    continue;
                }
                var stored = last.GetValueOrDefault(account);
                if (answers.All(answer => answer.LastSequence == stored && answer.Available == answers[0].Available && answer.Held == answers[0].Held))
                {
                    pending.Remove(account);
                }
                else
                {
                    disagreements[account] = $"journal at {stored}, instances answered " +
                        string.Join("; ", answers.Select((answer, i) => $"server-{i + 1}: {answer.Available}/{answer.Held} at {answer.LastSequence}"));
                }
            }
            if (pending.Count > 0)
            {
                await Task.Delay(250, cancellationToken);
            }
        }
        Agreement = clock.Elapsed;
        foreach (var account in pending)
        {
            Problems.Enqueue($"{account}: the instances did not agree with the database within {AgreementTimeout.TotalSeconds} s: {disagreements[account]}");
        }
    }

    private async Task<Dictionary<string, long>> LastSequencesAsync(string[] accounts, CancellationToken cancellationToken)
    {
        var last = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT account_id, last_sequence FROM accounts WHERE account_id = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = accounts });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            last[reader.GetString(0)] = reader.GetInt64(1);
        }
        return last;
    }

    private async Task<Dictionary<string, List<StoredEntry>>> JournalAsync(string[] accounts, CancellationToken cancellationToken)
    {
        var journal = new Dictionary<string, List<StoredEntry>>(StringComparer.Ordinal);
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT account_id, sequence, amount, available_after, held_after, lot_id, hold_id FROM journal WHERE account_id = ANY($1)", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = accounts });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var account = reader.GetString(0);
            if (!journal.TryGetValue(account, out var entries))
            {
                journal[account] = entries = [];
            }
            entries.Add(new StoredEntry(reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetString(5), reader.GetString(6)));
        }
        return journal;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_followers.Select(follower => follower.Run));
        foreach (var client in _clients)
        {
            client.Dispose();
        }
        _stop.Dispose();
    }

    private sealed record StoredEntry(long Sequence, long Amount, long AvailableAfter, long HeldAfter, string LotId, string HoldId);

    /// <summary>One instance's stream of one account; touched only by its own loop until that loop ends.</summary>
    private sealed class Follower(int instance, string account)
    {
        public int Instance { get; } = instance;

        public string Account { get; } = account;

        public List<JournalEntry> Entries { get; } = [];

        private long _last;

        /// <summary>The last sequence received; read by the catch-up wait on another thread.</summary>
        public long Last
        {
            get => Volatile.Read(ref _last);
            set => Volatile.Write(ref _last, value);
        }

        public int Reconnects { get; set; }

        public Task Run { get; set; } = Task.CompletedTask;
    }
}
