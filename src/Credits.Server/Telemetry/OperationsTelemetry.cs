using Credits.Ledger.Engine;
using Credits.Server.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Credits.Server.Telemetry;

/// <summary>
/// OpenTelemetry for the server. Metrics (the ledger's, the server's, ASP.NET Core's, the .NET
/// runtime's and Npgsql's connection pool) are served for Prometheus at <c>GET /metrics</c> on the
/// operations listener (<c>Operations:Url</c>, HTTP/1.1), never on a public one. Traces (ASP.NET Core
/// and gRPC calls, Npgsql commands) are exported over OTLP when <c>OpenTelemetry:Otlp:Endpoint</c> is
/// set, and not collected otherwise.
/// </summary>
public static class OperationsTelemetry
{
    /// <summary>The HTTP/1.1 address serving <c>/metrics</c>; unset means metrics are not served.</summary>
    public const string OperationsUrlKey = "Operations:Url";

    /// <summary>Where traces go (an OTLP/gRPC collector, e.g. <c>http://127.0.0.1:4317</c>); unset means no tracing.</summary>
    public const string OtlpEndpointKey = "OpenTelemetry:Otlp:Endpoint";

    private const string ServiceName = "credits-ledger";

    public static void AddOperationsTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(LedgerMetrics.MeterName, ServerMetrics.MeterName, "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddPrometheusExporter());
        if (builder.Configuration[OtlpEndpointKey] is { Length: > 0 } endpoint)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddNpgsql()
                .AddOtlpExporter(options => options.Endpoint = new Uri(endpoint)));
        }
    }

    /// <summary>Opens the operations listener when <c>Operations:Url</c> is set.</summary>
    public static void ListenForOperations(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        if (configuration[OperationsUrlKey] is { Length: > 0 } url)
        {
            var uri = new Uri(url);
            kestrel.Listen(System.Net.IPAddress.Parse(uri.Host), uri.Port, endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http1;
                Listeners.Tag(endpoint, Listener.Operations);
            });
        }
    }

    /// <summary>Maps <c>GET /metrics</c>, served on the operations listener only.</summary>
    public static void MapOperations(this WebApplication app) =>
        app.MapPrometheusScrapingEndpoint().ServeOn(Listener.Operations);
}
