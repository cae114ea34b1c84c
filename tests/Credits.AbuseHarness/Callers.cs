using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Credits.AbuseHarness;

/// <summary>One role's connection and generated clients, with its key on every call.</summary>
internal sealed class Caller : IDisposable
{
    private readonly GrpcChannel _channel;

    public Caller(ServerProcess server, string role)
    {
        // Many streams on one connection: the stream hog holds more than HTTP/2's default 100 would allow.
        _channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false },
        });
        Headers = new Metadata { { "authorization", $"Bearer {server.Keys[role]}" } };
        Ledger = new LedgerService.LedgerServiceClient(_channel);
        Admin = new AdminService.AdminServiceClient(_channel);
    }

    public Metadata Headers { get; }

    public LedgerService.LedgerServiceClient Ledger { get; }

    public AdminService.AdminServiceClient Admin { get; }

    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// A well-behaved client's call: on RATE_LIMITED it waits the delay the server gave and tries
    /// again; any other failure is thrown.
    /// </summary>
    public static async Task<T> PoliteAsync<T>(Func<Task<T>> call)
    {
        while (true)
        {
            try
            {
                return await call();
            }
            catch (RpcException error) when (ErrorTranslator.Translate(error) is { Reason: CreditsErrorReasons.RateLimited } refused)
            {
                await Task.Delay(refused.RetryDelay ?? TimeSpan.FromMilliseconds(100));
            }
        }
    }

    public Task<GrantResponse> GrantAsync(string account, long amount) =>
        PoliteAsync(() => Ledger.GrantAsync(new GrantRequest { AccountId = account, Amount = amount, Bucket = Bucket.Purchased, IdempotencyKey = NewKey() },
            Headers).ResponseAsync);

    public void Dispose() => _channel.Dispose();
}
