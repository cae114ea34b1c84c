using System.Net;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Credits.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Credits.Server.Browser;

/// <summary>
/// Lets browsers call the ledger: gRPC-Web (HTTP/1.1, which browsers speak) on the <c>Browser:Url</c>
/// listener, and CORS for the configured page origins only. Browsers authenticate with end-user
/// tokens (see <c>Auth/EndUserAccess</c>); nothing here widens what a credential may do.
/// </summary>
internal static class BrowserAccess
{
    /// <summary>The CORS policy the ledger service's endpoints require.</summary>
    public const string CorsPolicy = "browser-pages";

    // What a gRPC-Web client sends (Connect's transport and grpc-web alike) besides the credential.
    private static readonly string[] RequestHeaders = ["authorization", "content-type", "x-grpc-web", "x-user-agent", "grpc-timeout"];

    // A browser hides every response header a page is not told it may read; gRPC-Web carries the
    // status (and the ErrorInfo details) in these when a call fails before any message.
    private static readonly string[] ResponseHeaders = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

    // Browsers cache a preflight answer for this long, saving a round trip per call.
    private static readonly TimeSpan PreflightMaxAge = TimeSpan.FromMinutes(10);

    public static IServiceCollection AddBrowserAccess(this IServiceCollection services)
    {
        services.AddOptions<BrowserOptions>().BindConfiguration(BrowserOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<BrowserOptions>, BrowserOptionsValidator>();
        services.AddSingleton<IValidateOptions<BrowserOptions>, Hosting.ListenerUrlValidator>();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<BrowserOptions>>((cors, browser) =>
            cors.AddPolicy(CorsPolicy, policy => policy
                // No configured origin means no origin at all: the policy then allows nothing.
                .WithOrigins([.. browser.Value.AllowedOrigins])
                .WithMethods(HttpMethods.Post)
                .WithHeaders(RequestHeaders)
                .WithExposedHeaders(ResponseHeaders)
                .SetPreflightMaxAge(PreflightMaxAge)));
        return services;
    }

    /// <summary>Opens the HTTP/1.1 listener of <c>Browser:Url</c>, when set.</summary>
    public static void ListenForBrowsers(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        // Kestrel's options are built before options validation runs: a URL it cannot listen on is
        // skipped here, and BrowserOptionsValidator then refuses to start with a message saying why.
        if (configuration[$"{BrowserOptions.Section}:{nameof(BrowserOptions.Url)}"] is { Length: > 0 } url
            && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Host == "localhost" || IPAddress.TryParse(uri.Host, out _)))
        {
            var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host);
            kestrel.Listen(address, uri.Port, endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http1;
                Listeners.Tag(endpoint, Listener.Browser);
            });
        }
    }

    /// <summary>Adds the gRPC-Web and CORS middleware; they must sit between routing and the endpoints.</summary>
    public static void UseBrowserAccess(this WebApplication app)
    {
        app.UseRouting();
        // Right after routing: a request for an endpoint its listener does not serve goes no further.
        app.UseListenerSeparation();
        app.UseGrpcWeb();
        app.UseCors();
    }

    /// <summary>Serves a gRPC service to browsers: gRPC-Web on, and the CORS policy of the configured origins.</summary>
    public static TBuilder AllowBrowsers<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.EnableGrpcWeb().RequireCors(CorsPolicy);
}
