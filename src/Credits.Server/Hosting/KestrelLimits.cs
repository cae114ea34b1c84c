using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Credits.Server.Hosting;

/// <summary>
/// Kestrel's limits, each explicit, so that what a connection may cost is written down rather than
/// inherited. <c>Kestrel:Limits:*</c> (Kestrel's own keys) overrides any of them.
/// </summary>
internal static class KestrelLimits
{
    private const string Section = "Kestrel:Limits";

    /// <summary>Open connections across all listeners; a connection beyond it is closed at once.</summary>
    public const long ConnectionsMax = 10_000;

    /// <summary>Concurrent HTTP/2 streams (calls) per connection: Kestrel's default, said out loud.</summary>
    public const int StreamsPerConnectionMax = 100;

    /// <summary>
    /// A request body: gRPC messages stop at 64 KB (<see cref="ServerHost.ReceiveMessageSizeBytesMax"/>)
    /// and Stripe events are a few KB, so 1 MB is generous where Kestrel's default is 30 MB.
    /// </summary>
    public const long RequestBodyBytesMax = 1024 * 1024;

    /// <summary>All request headers together; an end-user token is well under 2 KB.</summary>
    public const int RequestHeadersBytesMax = 32 * 1024;

    /// <summary>How long a client may take to send its headers: short, so slow-header clients cannot hold connections.</summary>
    public static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long an idle connection stays open.</summary>
    public static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromMinutes(2);

    /// <summary>
    /// HTTP/2 pings on a quiet connection, and how long to wait for the answer: a history follower
    /// whose client vanished without closing is found and its stream slot freed within a minute.
    /// </summary>
    public static readonly TimeSpan KeepAlivePingDelay = TimeSpan.FromSeconds(30);

    /// <inheritdoc cref="KeepAlivePingDelay"/>
    public static readonly TimeSpan KeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Applies the defaults above wherever <c>Kestrel:Limits</c> does not set a value.</summary>
    public static void Apply(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        var configured = configuration.GetSection(Section);
        var limits = kestrel.Limits;
        limits.MaxConcurrentConnections = configured.GetValue<long?>("MaxConcurrentConnections") ?? ConnectionsMax;
        limits.MaxRequestBodySize = configured.GetValue<long?>("MaxRequestBodySize") ?? RequestBodyBytesMax;
        limits.MaxRequestHeadersTotalSize = configured.GetValue<int?>("MaxRequestHeadersTotalSize") ?? RequestHeadersBytesMax;
        limits.RequestHeadersTimeout = configured.GetValue<TimeSpan?>("RequestHeadersTimeout") ?? RequestHeadersTimeout;
        limits.KeepAliveTimeout = configured.GetValue<TimeSpan?>("KeepAliveTimeout") ?? KeepAliveTimeout;
        limits.Http2.MaxStreamsPerConnection = configured.GetValue<int?>("Http2:MaxStreamsPerConnection") ?? StreamsPerConnectionMax;
        limits.Http2.KeepAlivePingDelay = configured.GetValue<TimeSpan?>("Http2:KeepAlivePingDelay") ?? KeepAlivePingDelay;
        limits.Http2.KeepAlivePingTimeout = configured.GetValue<TimeSpan?>("Http2:KeepAlivePingTimeout") ?? KeepAlivePingTimeout;
    }
}
