using Credits.Ledger.Analytics.Projection;
using Credits.Ledger.Balances;
using Credits.Ledger.Coherence;
using Credits.Ledger.Commands;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Expiry;
using Credits.Ledger.GroupCommit;
using Credits.Ledger.History;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;
using Credits.Ledger.Pricing;
using Credits.Ledger.Verification;
using Credits.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Ledger.Tests.Support;

/// <summary>A ledger on a real database with a clock the test moves, and short helpers for the common calls.</summary>
public sealed class LedgerHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public const string Caller = "test-service";

    private readonly Action _drop;
    private readonly CancellationTokenSource _stopRelay = new();
    private Task? _relayRun;
    private readonly string _keyPrefix;
    private int _keys;
    private int _peers;

    public LedgerHarness(DatabaseProvider provider, LedgerOptions? options = null, BalanceCacheOptions? cache = null,
        GroupCommitOptions? groupCommit = null)
        : this(TestDatabases.Create(provider, out var drop), drop, options ?? new LedgerOptions(), new FakeTimeProvider(Start), cache, "",
            groupCommit ?? new GroupCommitOptions { Lanes = 4 })
    {
    }

    private LedgerHarness(LedgerDatabase database, Action drop, LedgerOptions options, FakeTimeProvider time, BalanceCacheOptions? cache,
        string keyPrefix, GroupCommitOptions groupCommit)
    {
        GroupCommit = groupCommit;
        _keyPrefix = keyPrefix;
        Database = database;
        _drop = drop;
        Options = options;
        Time = time;
        Changes = AccountChanges.Local(cache);
        Engine = new LedgerEngine(Database, Options, Time, Changes, NullLogger<LedgerEngine>.Instance);
        Dispatcher = new CommandDispatcher(Engine, groupCommit, NullLogger<CommandDispatcher>.Instance);
        Ledger = new CreditLedger(Engine, Dispatcher, Database, Prices, Changes, Options, Time, NullLogger<CreditLedger>.Instance);
        Sweeper = new ExpirySweeper(Engine, Database, Time);
        Usage = new UsageProjector(Database, Engine, Changes, NullLogger<UsageProjector>.Instance);
        Verifier = new LedgerVerifier(Database);
    }

    /// <summary>
    /// A second server instance on this harness's database and clock, with its own balance cache;
    /// disposing it leaves the database to this harness.
    /// </summary>
    public LedgerHarness Peer(BalanceCacheOptions? cache = null) =>
        new(Database, () => { }, Options, Time, cache, $"peer{Interlocked.Increment(ref _peers)}-", GroupCommit);

    /// <summary>How the harness groups commands (four lanes unless a test says otherwise).</summary>
    public GroupCommitOptions GroupCommit { get; }

    public FakeTimeProvider Time { get; }
    public Dictionary<string, long> PriceTable { get; } = new() { ["image.generate"] = 5, ["text.summarize"] = 2 };
    public IPriceCatalog Prices => new DelegatePriceCatalog(PriceTable);
    public LedgerDatabase Database { get; }
    public LedgerOptions Options { get; }
    public AccountChanges Changes { get; }
    public LedgerEngine Engine { get; }
    public CommandDispatcher Dispatcher { get; }
    public CreditLedger Ledger { get; }
    public ExpirySweeper Sweeper { get; }

    /// <summary>The usage projector; nothing runs it in the background here: reports fold on read, specs fold when they say so.</summary>
    public UsageProjector Usage { get; }
    public LedgerVerifier Verifier { get; }

    public static IReadOnlyDictionary<string, string> NoMetadata { get; } = new Dictionary<string, string>();

    public string NewKey() => $"key-{_keyPrefix}{Interlocked.Increment(ref _keys)}";

    public GrantCommand GrantCommand(string account, long amount, Bucket bucket = Bucket.Purchased, TimeSpan? expiresIn = null,
        int? priority = null, string? key = null, string actor = Caller) =>
        new(actor, account, amount, bucket, expiresIn is { } e ? Time.GetUtcNow() + e : null, priority, "test", key ?? NewKey(), NoMetadata);

    public Task<GrantResult> Grant(string account, long amount, Bucket bucket = Bucket.Purchased, TimeSpan? expiresIn = null,
        int? priority = null) =>
        Ledger.GrantAsync(GrantCommand(account, amount, bucket, expiresIn, priority));

    public ReserveCommand ReserveCommand(string account, long amount, TimeSpan? ttl = null, string? key = null) =>
        new(Caller, account, amount, null, 0, ttl, key ?? NewKey(), NoMetadata);

    public Task<ReserveResult> Reserve(string account, long amount, TimeSpan? ttl = null) =>
        Ledger.ReserveAsync(ReserveCommand(account, amount, ttl));

    public Task<CommitResult> Commit(string holdId, long? amount = null) =>
        Ledger.CommitAsync(new CommitCommand(Caller, holdId, amount, NoMetadata));

    public Task<ReleaseResult> Release(string holdId) => Ledger.ReleaseAsync(new ReleaseCommand(Caller, holdId));

    public Task<BalanceView> Balance(string account) => Ledger.GetBalanceAsync(account);

    public async Task<List<JournalEntry>> History(string account, long after = 0)
    {
        var entries = new List<JournalEntry>();
        await foreach (var entry in Ledger.StreamHistoryAsync(account, after, follow: false))
        {
            entries.Add(entry);
        }
        return entries;
    }

    public void Advance(TimeSpan by) => Time.Advance(by);

    /// <summary>The relay <see cref="StartRelayAsync"/> started.</summary>
    public PostgresChangeRelay? Relay { get; private set; }

    /// <summary>Starts telling and hearing peers' changes through PostgreSQL; returns once listening.</summary>
    public async Task StartRelayAsync()
    {
        Changes.PeersHeard(false);
        Relay = new PostgresChangeRelay(Database, Changes, NullLogger<PostgresChangeRelay>.Instance);
        _relayRun = Relay.RunAsync(_stopRelay.Token);
        await Eventually.True(() => Changes.Cache.Serving, "the relay listens");
    }

    public void Dispose()
    {
        _stopRelay.Cancel();
        _relayRun?.GetAwaiter().GetResult();
        Dispatcher.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Usage.Dispose();
        _drop();
    }

    /// <summary>Reads the price table at call time, so a test can change a price between calls.</summary>
    private sealed class DelegatePriceCatalog(Dictionary<string, long> table) : IPriceCatalog
    {
        public bool TryGetPrice(string feature, out long creditsPerUnit) => table.TryGetValue(feature, out creditsPerUnit);
    }
}
