using Credits.Client.Errors;
using Credits.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Credits.Client;

/// <summary>
/// The ergonomic client of the credits ledger (<c>credits.v1.LedgerService</c>): sends the API key on every call,
/// turns every failure into a typed <see cref="CreditsException"/>, and runs paid work inside a reservation
/// (<see cref="RunReservedAsync{T}(ReserveRequest, Func{Reservations.Reservation, CancellationToken, Task{T}}, CancellationToken)"/>).
/// </summary>
/// <remarks>
/// <para>
/// Thread-safe; create one per address and key and share it (as with <see cref="GrpcChannel"/>). Retrying a
/// mutating call with the same idempotency key is safe, and so is repeating <c>Commit</c> (same amount) or
/// <c>Release</c> of the same hold: the server returns the first outcome. Automatic retries can be configured on
/// the channel (<see cref="GrpcChannelOptions.ServiceConfig"/>).
/// </para>
/// <para>
/// When a call's <see cref="CancellationToken"/> fires or its deadline passes, gRPC reports
/// <see cref="StatusCode.Cancelled"/> or <see cref="StatusCode.DeadlineExceeded"/>, which arrives as a
/// <see cref="CreditsException"/> with that <see cref="CreditsException.StatusCode"/>. A channel created with
/// <see cref="GrpcChannelOptions.ThrowOperationCanceledOnCancellation"/> set throws
/// <see cref="OperationCanceledException"/> instead, which this client passes through unchanged.
/// </para>
/// </remarks>
public sealed partial class CreditsClient : IDisposable
{
    private readonly GrpcChannel? _ownedChannel;
    private readonly TimeSpan? _defaultTimeout;
    private readonly TimeSpan _settleTimeout;

    /// <summary>
    /// Creates a client over an existing <see cref="CallInvoker"/> (a channel's, a test server's, or one from
    /// dependency injection). The invoker is not disposed with the client.
    /// </summary>
    /// <param name="callInvoker">Carries the calls, for example <see cref="GrpcChannel.CreateCallInvoker"/>.</param>
    /// <param name="apiKey">Sent as <c>authorization: Bearer &lt;apiKey&gt;</c> on every call that does not set its own <c>authorization</c> header.</param>
    /// <param name="options">Timeouts; <see langword="null"/> uses the defaults.</param>
    /// <exception cref="ArgumentNullException"><paramref name="callInvoker"/> or <paramref name="apiKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or not printable ASCII.</exception>
    public CreditsClient(CallInvoker callInvoker, string apiKey, CreditsClientOptions? options = null)
        : this(callInvoker, apiKey, options, ownedChannel: null)
    {
    }

    private CreditsClient(CallInvoker callInvoker, string apiKey, CreditsClientOptions? options, GrpcChannel? ownedChannel)
    {
        ArgumentNullException.ThrowIfNull(callInvoker);
        ApiKeyAuthorization.Validate(apiKey);
        options ??= new CreditsClientOptions();
        _ownedChannel = ownedChannel;
        _defaultTimeout = options.DefaultTimeout;
        _settleTimeout = options.SettleTimeout;
        var authorized = ApiKeyAuthorization.Attach(callInvoker, apiKey);
        Raw = new LedgerService.LedgerServiceClient(authorized);
        Admin = new AdminService.AdminServiceClient(authorized);
        Analytics = new AnalyticsService.AnalyticsServiceClient(authorized);
        NotificationsRaw = new NotificationService.NotificationServiceClient(authorized);
        PoolsRaw = new PoolService.PoolServiceClient(authorized);
        GiftsRaw = new GiftService.GiftServiceClient(authorized);
        ReferralsRaw = new ReferralService.ReferralServiceClient(authorized);
    }

    /// <summary>
    /// The generated gRPC client this one wraps. Its calls carry the API key, but their errors are
    /// <see cref="RpcException"/>s (translate them with <see cref="ErrorTranslator.Translate(RpcException)"/>)
    /// and <see cref="CreditsClientOptions.DefaultTimeout"/> does not apply.
    /// </summary>
    public LedgerService.LedgerServiceClient Raw { get; }

    /// <summary>
    /// The generated client of <c>credits.v1.AdminService</c> (API keys, verification, journal export; every RPC
    /// needs the <c>admin</c> scope) over the same channel and key. Its errors are <see cref="RpcException"/>s:
    /// translate them with <see cref="ErrorTranslator.Translate(RpcException)"/>.
    /// </summary>
    public AdminService.AdminServiceClient Admin { get; }

    /// <summary>
    /// The generated client of <c>credits.v1.AnalyticsService</c> (usage reports; scope <c>ledger:read</c>) over the
    /// same channel and key. Its errors are <see cref="RpcException"/>s: translate them with
    /// <see cref="ErrorTranslator.Translate(RpcException)"/>.
    /// </summary>
    public AnalyticsService.AnalyticsServiceClient Analytics { get; }

    /// <summary>
    /// The generated client of <c>credits.v1.NotificationService</c> over the same channel and key. Its errors are
    /// <see cref="RpcException"/>s: prefer the wrapper's methods (<see cref="ListNotificationsAsync"/> and the others).
    /// </summary>
    public NotificationService.NotificationServiceClient NotificationsRaw { get; }

    /// <summary>
    /// The generated client of <c>credits.v1.PoolService</c> over the same channel and key. Its errors are
    /// <see cref="RpcException"/>s: prefer the wrapper's methods (<see cref="ListPoolMembersAsync"/> and the others).
    /// </summary>
    public PoolService.PoolServiceClient PoolsRaw { get; }

    /// <summary>
    /// The generated client of <c>credits.v1.GiftService</c> over the same channel and key. Its errors are
    /// <see cref="RpcException"/>s: prefer the wrapper's methods (<see cref="RedeemGiftCodeAsync"/> and the others).
    /// </summary>
    public GiftService.GiftServiceClient GiftsRaw { get; }

    /// <summary>
    /// The generated client of <c>credits.v1.ReferralService</c> over the same channel and key. Its errors are
    /// <see cref="RpcException"/>s: prefer the wrapper's methods (<see cref="ApplyReferralCodeAsync"/> and the others).
    /// </summary>
    public ReferralService.ReferralServiceClient ReferralsRaw { get; }

    /// <summary>
    /// Creates a client with its own <see cref="GrpcChannel"/> to <paramref name="address"/>, disposed with the client.
    /// An <c>http://</c> address uses plaintext HTTP/2 (h2c), for loopback development; <c>https://</c> uses TLS.
    /// </summary>
    /// <param name="address">The server, for example <c>http://localhost:5000</c>.</param>
    /// <param name="apiKey">Sent as <c>authorization: Bearer &lt;apiKey&gt;</c> on every call.</param>
    /// <param name="options">Channel settings (retries, message sizes, HTTP handler); <see langword="null"/> uses the defaults.</param>
    /// <returns>The client; dispose it to close the channel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> or <paramref name="apiKey"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or not printable ASCII.</exception>
    public static CreditsClient Create(Uri address, string apiKey, GrpcChannelOptions? options = null) =>
        Create(address, apiKey, new CreditsClientOptions(), options);

    /// <summary>
    /// Creates a client with its own <see cref="GrpcChannel"/> to <paramref name="address"/> and the given client
    /// options; the channel is disposed with the client.
    /// </summary>
    /// <param name="address">The server, for example <c>http://localhost:5000</c> (plaintext h2c) or an <c>https://</c> address.</param>
    /// <param name="apiKey">Sent as <c>authorization: Bearer &lt;apiKey&gt;</c> on every call.</param>
    /// <param name="clientOptions">Timeouts of this client.</param>
    /// <param name="channelOptions">Channel settings (retries, message sizes, HTTP handler); <see langword="null"/> uses the defaults.</param>
    /// <returns>The client; dispose it to close the channel.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="address"/>, <paramref name="apiKey"/> or <paramref name="clientOptions"/> is <see langword="null"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="apiKey"/> is empty or not printable ASCII.</exception>
    public static CreditsClient Create(
        Uri address,
        string apiKey,
        CreditsClientOptions clientOptions,
        GrpcChannelOptions? channelOptions = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(clientOptions);
        ApiKeyAuthorization.Validate(apiKey);
        var channel = GrpcChannel.ForAddress(address, channelOptions ?? new GrpcChannelOptions());
        return new CreditsClient(channel.CreateCallInvoker(), apiKey, clientOptions, channel);
    }

    /// <summary>Disposes the channel if <see cref="Create(Uri, string, GrpcChannelOptions?)"/> created it; a supplied <see cref="CallInvoker"/> is left alone.</summary>
    public void Dispose() => _ownedChannel?.Dispose();

    /// <summary>Runs one unary call with the default deadline, translating its failure.</summary>
    private async Task<TResponse> UnaryAsync<TRequest, TResponse>(
        Func<TRequest, CallOptions, AsyncUnaryCall<TResponse>> rpc,
        TRequest request,
        CallOptions options)
        where TRequest : class
    {
        ArgumentNullException.ThrowIfNull(request);
        if (options.Deadline is null && _defaultTimeout is { } timeout)
        {
            options = options.WithDeadline(DateTime.UtcNow + timeout);
        }

        try
        {
            using var call = rpc(request, options);
            return await call.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException exception)
        {
            throw ErrorTranslator.Translate(exception);
        }
    }

    /// <summary>Options of a commit or release that must run to the end even if the caller gave up: no token, a deadline.</summary>
    private CallOptions SettleOptions() => new(deadline: DateTime.UtcNow + _settleTimeout, cancellationToken: CancellationToken.None);
}
