using System.Collections.Concurrent;
using System.Globalization;
using Credits.Client;
using Credits.Client.Errors;
using Credits.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace Credits.CrashHarness;

/// <summary>
/// The callers: each loops over Grant (a new key; a quarter of the lots expire within seconds),
/// Reserve (a new key) followed by a full or partial Commit or a Release of that hold, and
/// GetBalance, over accounts they share. Every request is sent until it is answered
/// (<see cref="RetryingCaller"/>), a few acknowledged ones are sent again on purpose and must get the
/// same answer, and every answer is recorded in <see cref="Acknowledgements"/>. When the load
/// stops, a caller finishes the flow it is in (a hold is always committed or released) and exits.
/// </summary>
/// <remarks>
/// Balance reads check read-your-writes across instances: half ask for at least the highest journal
/// sequence any acknowledged answer has shown for the account (<c>min_sequence</c>), and an older
/// balance is a violation; the other half ask for any balance, and those behind an acknowledged
/// write are counted (peers hear of a commit by a notice, a few milliseconds later).
/// </remarks>
internal sealed class Workload
{
    private static readonly Bucket[] Buckets = [Bucket.Purchased, Bucket.Subscription, Bucket.Promo, Bucket.Gift];

    private readonly HarnessOptions _options;
    private readonly ServerFleet _servers;
    private readonly Acknowledgements _acks;
    private readonly CallStats _stats;
    private readonly ConcurrentDictionary<string, long> _acknowledgedSequence = new(StringComparer.Ordinal);
    private long _readsWithFloor;
    private long _readsWithoutFloor;
    private long _readsBehind;

    public Workload(HarnessOptions options, ServerFleet servers, Acknowledgements acks, CallStats stats)
    {
        _options = options;
        _servers = servers;
        _acks = acks;
        _stats = stats;
        RunId = "crash-" + options.Seed.ToString("x8", CultureInfo.InvariantCulture);
        Accounts = [.. Enumerable.Range(0, options.Accounts).Select(i =>
            (i % 5 == 4 ? "org:" : "user:") + RunId + "-" + i.ToString("D3", CultureInfo.InvariantCulture))];
    }

    /// <summary>Prefix of every account id and idempotency key of this run.</summary>
    public string RunId { get; }

    public IReadOnlyList<string> Accounts { get; }

    /// <summary>Balance reads that named the highest acknowledged sequence as their minimum.</summary>
    public long ReadsWithFloor => Interlocked.Read(ref _readsWithFloor);

    /// <summary>Balance reads that accepted any balance.</summary>
    public long ReadsWithoutFloor => Interlocked.Read(ref _readsWithoutFloor);

    /// <summary>Reads of <see cref="ReadsWithoutFloor"/> answered with a balance older than a write acknowledged before they were sent.</summary>
    public long ReadsBehind => Interlocked.Read(ref _readsBehind);

    /// <summary>Runs the callers until <paramref name="stopLoad"/>; <paramref name="abort"/> makes them abandon what they wait for.</summary>
    public Task RunAsync(CancellationToken stopLoad, CancellationToken abort) =>
        Task.WhenAll(Enumerable.Range(0, _options.Callers).Select(caller => Task.Run(() => CallerAsync(caller, stopLoad, abort), CancellationToken.None)));

    private async Task CallerAsync(int caller, CancellationToken stopLoad, CancellationToken abort)
    {
        var random = new Random(HashCode.Combine(_options.Seed, caller));
        using var client = _servers.CreateClient(new SocketsHttpHandler
        {
            ConnectTimeout = TimeSpan.FromSeconds(1),
            EnableMultipleHttp2Connections = true,
            KeepAlivePingDelay = TimeSpan.FromSeconds(5),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(2),
        });
        var calls = new RetryingCaller(_stats, _options.CallDeadline, random, abort);
        var name = caller.ToString("D2", CultureInfo.InvariantCulture);
        for (long n = 1; !stopLoad.IsCancellationRequested && !abort.IsCancellationRequested; n++)
        {
            var key = $"{RunId}-c{name}-{n.ToString("D6", CultureInfo.InvariantCulture)}";
            var account = Accounts[random.Next(Accounts.Count)];
            var roll = random.Next(100);
            if (roll < 30)
            {
                await GrantAsync(client, calls, random, account, key + "-grant");
            }
            else if (roll < 85)
            {
                await ReserveFlowAsync(client, calls, random, account, key + "-reserve");
            }
            else
            {
                await ReadAsync(client, calls, random, account);
            }
        }
    }

    private async Task GrantAsync(CreditsClient client, RetryingCaller calls, Random random, string account, string key)
    {
        var request = new GrantRequest
        {
            AccountId = account,
            Amount = random.Next(1, 101),
            Bucket = Buckets[random.Next(Buckets.Length)],
            Reference = RunId,
            IdempotencyKey = key,
        };
        var expiring = random.Next(4) == 0;
        if (expiring)
        {
            request.ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(random.Next(3, 16)));
        }
        _acks.SentKeys[key] = account;
        var answer = await calls.CallAsync("Grant", options => client.GrantAsync(request, options));
        if (answer.Value is { } response)
        {
            _acks.Grants.Enqueue(new GrantAck(key, account, request.Amount, response.LotId, Delivered(answer)));
            CheckBalance("Grant", response.Balance);
            if (random.Next(20) == 0)
            {
                var again = await calls.CallAsync("Grant (replay)", options => client.GrantAsync(request, options));
                _acks.CountReplay();
                if (again.Value is { } second && second.LotId != response.LotId)
                {
                    _acks.Problems.Enqueue($"grant {key} sent again returned lot {second.LotId}, first {response.LotId}");
                }
                else if (again.Refusal is { } refusal)
                {
                    _acks.Problems.Enqueue($"grant {key} sent again was refused: {refusal.Message}");
                }
            }
        }
        else if (answer.Refusal is { } refusal)
        {
            _acks.Refused.Enqueue(new RefusedKey(key, account, "Grant", refusal.Reason ?? refusal.StatusCode.ToString()));
            // A lot expiring in seconds can no longer be granted once a retry arrives after its expiry.
            var expected = expiring && answer.Attempts > 1 && refusal is InvalidRequestException;
            if (!expected)
            {
                _acks.Problems.Enqueue($"grant {key} was refused: {refusal.Message}");
            }
        }
        else
        {
            _acks.Abandoned.Enqueue(($"grant {key}", account));
        }
    }

    private async Task ReserveFlowAsync(CreditsClient client, RetryingCaller calls, Random random, string account, string key)
    {
        var amount = random.Next(1, 31);
        var request = new ReserveRequest { AccountId = account, Amount = amount, IdempotencyKey = key };
        _acks.SentKeys[key] = account;
        var answer = await calls.CallAsync("Reserve", options => client.ReserveAsync(request, options));
        if (answer.Refusal is { } refusal)
        {
            _acks.Refused.Enqueue(new RefusedKey(key, account, "Reserve", refusal.Reason ?? refusal.StatusCode.ToString()));
            if (refusal is not InsufficientCreditsException)
            {
                _acks.Problems.Enqueue($"reserve {key} was refused: {refusal.Message}");
            }
            return;
        }
        if (answer.Value is not { } hold)
        {
            _acks.Abandoned.Enqueue(($"reserve {key}", account));
            return;
        }
        _acks.Reserves.Enqueue(new ReserveAck(key, account, hold.Amount, hold.HoldId, Delivered(answer)));
        CheckBalance("Reserve", hold.Balance);
        if (hold.Amount != amount)
        {
            _acks.Problems.Enqueue($"reserve {key} asked for {amount} and held {hold.Amount}");
        }
        if (random.Next(20) == 0)
        {
            var again = await calls.CallAsync("Reserve (replay)", options => client.ReserveAsync(request, options));
            _acks.CountReplay();
            if (again.Value is { } second && second.HoldId != hold.HoldId)
            {
                _acks.Problems.Enqueue($"reserve {key} sent again returned hold {second.HoldId}, first {hold.HoldId}");
            }
            else if (again.Refusal is { } second2)
            {
                _acks.Problems.Enqueue($"reserve {key} sent again was refused: {second2.Message}");
            }
        }

        // The paid work.
        await Task.Delay(random.Next(0, 20));

        var choice = random.Next(4);
        if (choice == 3)
        {
            await ReleaseAsync(client, calls, random, account, hold);
        }
        else
        {
            long? part = choice == 2 && hold.Amount > 1 ? random.NextInt64(1, hold.Amount) : null;
            await CommitAsync(client, calls, random, account, hold, part);
        }
    }

    private async Task CommitAsync(CreditsClient client, RetryingCaller calls, Random random, string account, ReserveResponse hold, long? part)
    {
        var request = new CommitRequest { HoldId = hold.HoldId };
        if (part is { } amount)
        {
            request.Amount = amount;
        }
        var answer = await calls.CallAsync("Commit", options => client.CommitAsync(request, options));
        if (answer.Value is { } response)
        {
            _acks.Commits.Enqueue(new CommitAck(hold.HoldId, account, part, response.Committed, response.Released, Delivered(answer)));
            CheckBalance("Commit", response.Balance);
            var expected = part ?? hold.Amount;
            if (response.Committed != expected || response.Committed + response.Released != hold.Amount)
            {
                _acks.Problems.Enqueue($"commit of hold {hold.HoldId} ({hold.Amount} held, {expected} asked) answered committed {response.Committed}, released {response.Released}");
            }
            if (random.Next(10) == 0)
            {
                var again = await calls.CallAsync("Commit (replay)", options => client.CommitAsync(request, options));
                _acks.CountReplay();
                if (again.Value is { } second && (second.Committed != response.Committed || second.Released != response.Released))
                {
                    _acks.Problems.Enqueue($"commit of hold {hold.HoldId} sent again answered {second.Committed}/{second.Released}, first {response.Committed}/{response.Released}");
                }
                else if (again.Refusal is { } refusal)
                {
                    _acks.Problems.Enqueue($"commit of hold {hold.HoldId} sent again was refused: {refusal.Message}");
                }
            }
        }
        else if (answer.Refusal is { } refusal)
        {
            // The hold lives 5 minutes and nothing else ends it: any refusal is wrong.
            _acks.Problems.Enqueue($"commit of hold {hold.HoldId} was refused: {refusal.Message}");
        }
        else
        {
            _acks.Abandoned.Enqueue(($"commit of hold {hold.HoldId}", account));
        }
    }

    private async Task ReleaseAsync(CreditsClient client, RetryingCaller calls, Random random, string account, ReserveResponse hold)
    {
        var request = new ReleaseRequest { HoldId = hold.HoldId };
        var answer = await calls.CallAsync("Release", options => client.ReleaseAsync(request, options));
        if (answer.Value is { } response)
        {
            _acks.Releases.Enqueue(new ReleaseAck(hold.HoldId, account, response.Released, Delivered(answer)));
            CheckBalance("Release", response.Balance);
            if (response.Released != hold.Amount)
            {
                _acks.Problems.Enqueue($"release of hold {hold.HoldId} ({hold.Amount} held) answered released {response.Released}");
            }
            if (random.Next(10) == 0)
            {
                var again = await calls.CallAsync("Release (replay)", options => client.ReleaseAsync(request, options));
                _acks.CountReplay();
                if (again.Value is { } second && second.Released != response.Released)
                {
                    _acks.Problems.Enqueue($"release of hold {hold.HoldId} sent again answered {second.Released}, first {response.Released}");
                }
                else if (again.Refusal is { } refusal)
                {
                    _acks.Problems.Enqueue($"release of hold {hold.HoldId} sent again was refused: {refusal.Message}");
                }
            }
        }
        else if (answer.Refusal is { } refusal)
        {
            _acks.Problems.Enqueue($"release of hold {hold.HoldId} was refused: {refusal.Message}");
        }
        else
        {
            _acks.Abandoned.Enqueue(($"release of hold {hold.HoldId}", account));
        }
    }

    private async Task ReadAsync(CreditsClient client, RetryingCaller calls, Random random, string account)
    {
        var floor = _acknowledgedSequence.GetValueOrDefault(account);
        var withFloor = random.Next(2) == 0;
        var answer = await calls.CallAsync("GetBalance", options => client.GetBalanceAsync(account, withFloor ? floor : 0, options));
        if (answer.Value is { } balance)
        {
            _acks.CountRead();
            CheckBalance("GetBalance", balance);
            if (withFloor)
            {
                Interlocked.Increment(ref _readsWithFloor);
                if (balance.LastSequence < floor)
                {
                    _acks.Problems.Enqueue($"GetBalance({account}, min_sequence {floor}) answered a balance at sequence {balance.LastSequence}");
                }
            }
            else
            {
                Interlocked.Increment(ref _readsWithoutFloor);
                if (balance.LastSequence < floor)
                {
                    Interlocked.Increment(ref _readsBehind);
                }
            }
        }
        else if (answer.Refusal is { } refusal)
        {
            _acks.Problems.Enqueue($"GetBalance({account}) was refused: {refusal.Message}");
        }
    }

    private static Delivery Delivered<T>(Answer<T> answer)
        where T : class => new(answer.Attempts, answer.LastAttemptAtMs);

    private void CheckBalance(string rpc, Balance? balance)
    {
        if (balance is null)
        {
            _acks.Problems.Enqueue($"{rpc} answered without a balance");
        }
        else if (balance.Available < 0 || balance.Held < 0)
        {
            _acks.Problems.Enqueue($"{rpc} answered a negative balance for {balance.AccountId}: {balance.Available}/{balance.Held}");
        }
        else
        {
            _acknowledgedSequence.AddOrUpdate(balance.AccountId, balance.LastSequence, (_, seen) => Math.Max(seen, balance.LastSequence));
        }
    }
}
