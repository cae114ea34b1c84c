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

    /// <summary>
    /// Gauges whose OpenTelemetry names end in <c>.count</c>, which Prometheus reserves for the
    /// sample counts of histograms and summaries (<c>promtool check metrics</c> rejects them):
    /// exported under these names instead.
    /// </summary>
    private static readonly Dictionary<string, string> PrometheusNames = new(StringComparer.Ordinal)
    {
        ["dotnet.assembly.count"] = "dotnet.assemblies",
        ["dotnet.process.cpu.count"] = "dotnet.process.cpus",
        ["dotnet.thread_pool.thread.count"] = "dotnet.thread_pool.threads",
        ["dotnet.timer.count"] = "dotnet.timers",
        ["db.client.connection.count"] = "db.client.connections",
    };

    /// <summary>Registers OpenTelemetry: the meters and the Prometheus exporter always, tracing when an OTLP endpoint is set.</summary>
    public static void AddOperationsTelemetry(this WebApplicationBuilder builder)
    {
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(LedgerMetrics.MeterName, ServerMetrics.MeterName, "Npgsql")
                .AddAspNetCoreInstrumentation()
                .AddRuntimeInstrumentation()
                .AddView(instrument => PrometheusNames.TryGetValue(instrument.Name, out var name) ? new MetricStreamConfiguration { Name = name } : null)
                // No response cache (300 ms by default): a scrape shows every call finished before it.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
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
