using global::Stripe;

namespace Credits.Server.Stripe;

/// <summary>
/// Builds a Stripe.net client from the current configuration for each call (keys and the API base
/// may be reloaded), over one shared <see cref="HttpClient"/> so connections are pooled.
/// </summary>
public sealed class StripeClientFactory : IDisposable
{
    // Connections are recycled now and then so a change of Stripe's addresses is picked up.
    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime })
    {
        // Each call's own deadline (the gRPC call's cancellation) is the real bound.
        Timeout = TimeSpan.FromSeconds(80),
    };

    /// <summary>A client for the configured key and API base.</summary>
    public IStripeClient Create(StripeOptions options) => new StripeClient(
        options.ApiKey,
        httpClient: new SystemNetHttpClient(_http, options.MaxNetworkRetries),
        apiBase: options.ApiBase.Length > 0 ? options.ApiBase.TrimEnd('/') : null);

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
