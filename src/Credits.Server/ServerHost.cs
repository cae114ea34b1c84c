using Credits.Ledger;
using Credits.Ledger.Analytics;
using Credits.Ledger.Data;
using Credits.Ledger.Engine;
using Credits.Ledger.Expiry;
using Credits.Ledger.Export;
using Credits.Ledger.GroupCommit;
using Credits.Ledger.Balances;
using Credits.Ledger.Coherence;
using Credits.Ledger.Keys;
using Credits.Ledger.Pricing;
using Credits.Ledger.Verification;
using Credits.Server.Auth;
using Credits.Server.Background;
using Credits.Server.Browser;
using Credits.Server.Data;
using Credits.Server.Errors;
using Credits.Server.Framing;
using Credits.Server.Health;
using Credits.Server.Hosting;
using Credits.Server.Json;
using Credits.Server.Throttling;
using Credits.Server.Pricing;
using Credits.Server.Receipts;
using Credits.Server.Services;
using Credits.Server.Stripe;
using Credits.Server.Subscriptions;
using Credits.Server.Telemetry;
using Credits.Server.Webhooks;
using Credits.V1;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Credits.Server;

/// <summary>
/// Builds the whole credits server: configuration, logging, the ledger, authentication, the gRPC
/// services, health checks, reflection and background jobs. <c>Program</c> runs what this returns;
/// integration tests build the same application with their own configuration and services.
/// </summary>
public static class ServerHost
{
    /// <summary>
    /// The largest request message accepted, in bytes. The largest legitimate request (64 metadata
    /// entries of 64 + 512 characters) stays under 40 KB, so anything bigger is refused before it
    /// is parsed.
    /// </summary>
    public const int ReceiveMessageSizeBytesMax = 64 * 1024;

    /// <summary>How long shutdown waits for in-flight calls (a commit in progress) before aborting them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(30);

    private const string LivenessTag = "live";

    /// <summary>The HTTP/1.1 address for Stripe's webhooks (<c>POST /stripe/webhook</c>); unset means none.</summary>
    public const string WebhooksUrlKey = "Webhooks:Url";

    // LedgerOptions, the price catalogue and the sweep interval all live under "Ledger".
    private const string LedgerSection = "Ledger";

    /// <summary>
    /// Builds the application without starting it.
    /// </summary>
    /// <param name="args">Command-line arguments; standard ASP.NET Core configuration switches apply (for example <c>--environment Development</c>).</param>
    /// <param name="configure">
    /// Runs after every default registration and before the application is built: add configuration
    /// sources (for example <c>Kestrel:Endpoints:Grpc:Url</c> = <c>http://127.0.0.1:0</c>,
    /// <c>Database:ConnectionString</c>, <c>Auth:ApiKeys:0:...</c>) or replace services such as
    /// <see cref="TimeProvider"/>. Services read configuration when first resolved, so overrides made
    /// here take effect.
    /// </param>
    /// <returns>The application, with its endpoints mapped; call <c>Run</c> or <c>StartAsync</c>.</returns>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = ContentRoot.For(args) });

        ConsoleLogs.Apply(builder);
        // gRPC needs HTTP/2; plaintext endpoints can only offer it by prior knowledge (h2c), so it is
        // the default even when no appsettings.json is found. An endpoint may still say otherwise.
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            KestrelLimits.Apply(kestrel, context.Configuration);
            kestrel.ConfigureEndpointDefaults(endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http2;
                Listeners.Tag(endpoint, Listener.Grpc);
            });
            // Stripe posts webhooks over HTTP/1.1, which a plaintext HTTP/2 endpoint cannot
            // speak, so webhooks get their own listener when Webhooks:Url is set.
            if (context.Configuration[WebhooksUrlKey] is { Length: > 0 } webhooks)
            {
                var uri = new Uri(webhooks);
                kestrel.Listen(System.Net.IPAddress.Parse(uri.Host), uri.Port, endpoint =>
                {
                    endpoint.Protocols = HttpProtocols.Http1;
                    Listeners.Tag(endpoint, Listener.Webhooks);
                });
            }
            // Browsers speak gRPC-Web over HTTP/1.1 only, so they get their own listener too (Browser:Url).
            BrowserAccess.ListenForBrowsers(kestrel, context.Configuration);
            OperationsTelemetry.ListenForOperations(kestrel, context.Configuration);
            // JSON callers (curl, scripts) speak HTTP/1.1 too, so the JSON face has its own (Json:Url).
            JsonFace.ListenForJson(kestrel, context.Configuration);
        });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);

        builder.AddOperationsTelemetry();
        AddLedger(builder.Services);
        AddAuthentication(builder.Services);
        AddGrpc(builder.Services);
        builder.Services.AddCallLimits();
        builder.Services.AddReceipts();
        builder.Services.AddNotificationWebhooks();
        builder.Services.AddStripePayments();
        builder.Services.AddBrowserAccess();
        builder.Services.AddSubscriptions();
        builder.Services.AddJsonFace();

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseBrowserAccess();
        app.UseRequestMessageGuard();
        app.UseJsonRequestGuard();
        app.MapGrpcService<LedgerGrpcService>().AllowBrowsers().ServeOn(Listener.Grpc, Listener.Browser).ServeJsonOnJsonListener();
        app.MapGrpcService<AdminGrpcService>();
        app.MapGrpcService<SubscriptionGrpcService>();
        app.MapGrpcService<AnalyticsGrpcService>().AllowBrowsers().ServeOn(Listener.Grpc, Listener.Browser);
        app.MapGrpcService<NotificationGrpcService>().AllowBrowsers().ServeOn(Listener.Grpc, Listener.Browser);
        // Browsers too: a pool admin manages its pool from a page with its end-user token.
        app.MapGrpcService<PoolGrpcService>().AllowBrowsers().ServeOn(Listener.Grpc, Listener.Browser);
        app.MapGrpcService<GiftGrpcService>().AllowBrowsers().ServeOn(Listener.Grpc, Listener.Browser);
        app.MapGrpcService<ReferralGrpcService>().AllowBrowsers().ServeOn(Listener.Grpc, Listener.Browser);
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        app.MapStripeWebhook();
        app.MapOperations();
        app.MapJsonOpenApi();
        return app;
    }

    private static void AddLedger(IServiceCollection services)
    {
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        services.AddOptions<LedgerOptions>().BindConfiguration(LedgerSection).ValidateOnStart();
        // The packs notifications suggest: the catalogue as configured at startup, so the ledger chooses without the Stripe layer.
        services.AddOptions<LedgerOptions>().Configure<IOptions<Stripe.StripeOptions>>((ledger, stripe) =>
            ledger.Notifications.Packs = Stripe.PackCatalog.Suggestable(stripe.Value.Packs));
        services.AddSingleton<IValidateOptions<LedgerOptions>, LedgerOptionsValidator>();
        services.AddOptions<ExpirySweepOptions>().BindConfiguration(LedgerSection)
            .Validate(options => options.SweepInterval > TimeSpan.Zero && options.SweepInterval <= ExpirySweepOptions.SweepIntervalMax,
                $"Ledger:SweepInterval must be more than zero and at most {ExpirySweepOptions.SweepIntervalMax}.")
            .ValidateOnStart();
        services.AddOptions<PriceCatalogOptions>().BindConfiguration(LedgerSection).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PriceCatalogOptions>, PriceCatalogOptionsValidator>();

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(provider =>
        {
            var database = provider.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return new LedgerDatabase(database.Provider, database.Provider == DatabaseProvider.Sqlite
                ? ContentRoot.SqliteFileUnder(database.ConnectionString, provider.GetRequiredService<IHostEnvironment>().ContentRootPath)
                : database.ConnectionString);
        });
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<LedgerOptions>>().Value);
        services.AddSingleton<IPriceCatalog, ConfiguredPriceCatalog>();
        services.AddOptions<BalanceCacheOptions>().BindConfiguration($"{LedgerSection}:{BalanceCacheOptions.Section}")
            .Validate(options => options.Capacity >= 0 && options.MaxAge >= TimeSpan.Zero,
                $"{LedgerSection}:{BalanceCacheOptions.Section}:Capacity and MaxAge must not be negative.")
            .ValidateOnStart();
        // With PostgreSQL other instances may share the database: balances are served from memory
        // only while their changes are heard (PeerChangeRelayService turns that on).
        services.AddSingleton(provider => new AccountChanges(
            new BalanceCache(provider.GetRequiredService<IOptions<BalanceCacheOptions>>().Value,
                coherent: provider.GetRequiredService<LedgerDatabase>().Provider != DatabaseProvider.Postgres),
            new Credits.Ledger.History.JournalNotifier()));
        services.AddSingleton<PostgresChangeRelay>();
        services.AddSingleton<LedgerEngine>();
        services.AddOptions<GroupCommitOptions>().BindConfiguration($"{LedgerSection}:GroupCommit");
        // Disposed by the container at shutdown, after Kestrel has drained: queued commands are
        // applied before the process exits.
        services.AddSingleton(provider => new CommandDispatcher(
            provider.GetRequiredService<LedgerEngine>(),
            provider.GetRequiredService<IOptions<GroupCommitOptions>>().Value,
            provider.GetRequiredService<ILogger<CommandDispatcher>>()));
        services.AddSingleton<CreditLedger>();
        services.AddSingleton<Credits.Ledger.Analytics.Projection.UsageProjector>();
        services.AddSingleton<UsageReports>();
        services.AddSingleton<Leaderboards>();
        services.AddSingleton<Badges>();
        services.AddSingleton<UsageOverviews>();
        services.AddSingleton<Forecasts>();
        services.AddSingleton<UsageExport>();
        services.AddSingleton<Suggestions>();
        services.AddSingleton<ConfiguredSuggestionCatalog>();
        services.AddSingleton<Credits.Ledger.Notifications.NotificationInbox>();
        services.AddSingleton<Credits.Ledger.Notifications.NotificationFeed>();
        services.AddSingleton<ExpirySweeper>();
        services.AddSingleton<LedgerVerifier>();
        services.AddSingleton<JournalExporter>();

        services.AddHostedService<LedgerStartupService>();
        services.AddHostedService<ExpirySweepService>();
        services.AddHostedService<UsageProjectionService>();
        services.AddHostedService<PeerChangeRelayService>();
    }

    private static void AddAuthentication(IServiceCollection services)
    {
        services.AddOptions<ApiKeyOptions>().BindConfiguration(ApiKeyOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, ApiKeyOptionsValidator>();
        services.AddSingleton<IValidateOptions<ApiKeyOptions>, DevelopmentKeyGuard>();
        services.AddSingleton<ApiKeyStore>();
        services.AddOptions<EndUserTokenOptions>().BindConfiguration(EndUserTokenOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EndUserTokenOptions>, EndUserTokenOptionsValidator>();
        services.AddSingleton<EndUserTokenValidator>();
        services.AddSingleton<ApiKeyRegistry>();
        services.AddSingleton<ApiKeyAdministration>();
        // Registered after LedgerStartupService (AddLedger runs first), so the first load of stored
        // keys finds the migrated schema; it completes before Kestrel accepts a call.
        services.AddSingleton<ApiKeyRefreshService>();
        services.AddHostedService(provider => provider.GetRequiredService<ApiKeyRefreshService>());
    }

    private static void AddGrpc(IServiceCollection services)
    {
        // Interceptors registered in DI are resolved from it (once, as singletons) instead of being
        // created per call.
        services.AddSingleton<RpcMetricsInterceptor>();
        services.AddSingleton<ErrorMappingInterceptor>();
        services.AddSingleton<ApiKeyInterceptor>();
        services.AddSingleton<MalformedRequestInterceptor>();
        // The first interceptor is the outermost: the metrics see the status the caller sees, errors
        // raised by authentication are logged and shaped like every other failure, and calls are
        // rate-limited by who made them. Health and
        // reflection get none of these, so they need no key and are never limited.
        static void AuthenticatedService(Grpc.AspNetCore.Server.GrpcServiceOptions options)
        {
            options.Interceptors.Add<RpcMetricsInterceptor>();
            options.Interceptors.Add<ErrorMappingInterceptor>();
            options.Interceptors.Add<ApiKeyInterceptor>();
            options.Interceptors.Add<CallLimitInterceptor>();
        }
        services.AddGrpc(options =>
            {
                options.MaxReceiveMessageSize = ReceiveMessageSizeBytesMax;
                options.AddRequestMessageGuard();
            })
            .AddServiceOptions<LedgerGrpcService>(AuthenticatedService)
            .AddServiceOptions<AdminGrpcService>(AuthenticatedService)
            .AddServiceOptions<SubscriptionGrpcService>(AuthenticatedService)
            .AddServiceOptions<AnalyticsGrpcService>(AuthenticatedService)
            .AddServiceOptions<NotificationGrpcService>(AuthenticatedService)
            .AddServiceOptions<PoolGrpcService>(AuthenticatedService)
            .AddServiceOptions<GiftGrpcService>(AuthenticatedService)
            .AddServiceOptions<ReferralGrpcService>(AuthenticatedService);
        // The overall status ("") is liveness: the process answers, with no database work, so load
        // balancers may probe it often (and the benchmark's no-op baseline calls it). The ledger
        // service's status is readiness: it runs the database check.
        services.AddGrpcHealthChecks(options =>
            {
                options.Services.Map("", registration => registration.Tags.Contains(LivenessTag));
                options.Services.Map(LedgerService.Descriptor.FullName, registration => !registration.Tags.Contains(LivenessTag));
            })
            .AddCheck("process", () => Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckResult.Healthy(), [LivenessTag])
            .AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name);
        services.AddGrpcReflection();
    }
}
