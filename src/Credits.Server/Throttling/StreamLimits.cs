using Credits.Server.Auth;
using Microsoft.Extensions.Options;

namespace Credits.Server.Throttling;

/// <summary>
/// Counts open history streams per caller and per account and refuses one beyond either cap. A
/// follower is cheap now that followers share reads, but each still holds an HTTP/2 stream and a
/// little memory for as long as it stays open: 3,000 on one key took 2 GB.
/// </summary>
public sealed class StreamLimits(IOptions<CallLimitOptions> options)
{
    /// <summary>The <c>limit</c> metadata when the caller is at its cap.</summary>
    public const string PerCaller = "streams_per_caller";

    /// <summary>The <c>limit</c> metadata when the account is at its cap.</summary>
    public const string PerAccount = "streams_per_account";

    private readonly CallLimitOptions _options = options.Value;
    private readonly object _gate = new();
    private readonly Dictionary<string, int> _byCaller = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byAccount = new(StringComparer.Ordinal);

    /// <summary>Open streams across all callers.</summary>
    public int OpenStreams
    {
        get
        {
            lock (_gate)
            {
                return _byCaller.Values.Sum();
            }
        }
    }

    /// <summary>Takes a stream slot for <paramref name="caller"/> on <paramref name="accountId"/>; dispose it when the stream ends.</summary>
    /// <exception cref="Grpc.Core.RpcException">RESOURCE_EXHAUSTED when the caller or the account is at its cap.</exception>
    public IDisposable Open(ApiCaller caller, string accountId)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var callerMax = EndUserAccess.IsEndUser(caller) ? _options.StreamsPerEndUserMax : _options.StreamsPerApiKeyMax;
        lock (_gate)
        {
            if (_byCaller.GetValueOrDefault(caller.Name) >= callerMax)
            {
                throw LimitErrors.TooManyStreams(PerCaller, callerMax, _options.StreamRetryDelay);
            }
            if (_byAccount.GetValueOrDefault(accountId) >= _options.StreamsPerAccountMax)
            {
                throw LimitErrors.TooManyStreams(PerAccount, _options.StreamsPerAccountMax, _options.StreamRetryDelay);
            }
            Add(_byCaller, caller.Name, 1);
            Add(_byAccount, accountId, 1);
        }
        return new Slot(this, caller.Name, accountId);
    }

    private void Close(string caller, string accountId)
    {
        lock (_gate)
        {
            Add(_byCaller, caller, -1);
            Add(_byAccount, accountId, -1);
        }
    }

    // Entries at zero are removed, so the maps hold only callers and accounts with open streams.
    private static void Add(Dictionary<string, int> counts, string key, int change)
    {
        var count = counts.GetValueOrDefault(key) + change;
        if (count == 0)
        {
            counts.Remove(key);
        }
        else
        {
            counts[key] = count;
        }
    }

    private sealed class Slot(StreamLimits limits, string caller, string accountId) : IDisposable
    {
        private int _closed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 0)
            {
                limits.Close(caller, accountId);
            }
        }
    }
}
