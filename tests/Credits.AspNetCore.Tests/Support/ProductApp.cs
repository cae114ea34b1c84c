using System.Net;
using Credits.AspNetCore.Grpc;
using Credits.AspNetCore.Http;
using Credits.AspNetCore.Tests.Studio;
using Credits.Testing.Hosting;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credits.AspNetCore.Tests.Support;

/// <summary>
/// A product service as a team would write it: priced minimal API endpoints and a priced controller, on Kestrel at
/// 127.0.0.1, charging through Credits.AspNetCore. <see cref="Handlers"/> lets a test hold a handler mid-flight and
/// count how often handlers ran.
/// </summary>
internal sealed class ProductApp : IAsyncDisposable
{
    private static readonly Lazy<string> ContentRoot = new(() => Directory.CreateTempSubdirectory("product-app-").FullName);

    private readonly WebApplication _app;

    private ProductApp(WebApplication app, HandlerProbe handlers, int grpcPort)
    {
        _app = app;
        Handlers = handlers;
        Address = new Uri(app.Urls.Single(url => new Uri(url).Port != grpcPort));
        Http = new HttpClient { BaseAddress = Address };
        Channel = GrpcChannel.ForAddress($"http://127.0.0.1:{grpcPort}");
        Studio = new StudioService.StudioServiceClient(Channel);
    }

    public GrpcChannel Channel { get; }

    /// <summary>The generated client of the product's gRPC service.</summary>
    public StudioService.StudioServiceClient Studio { get; }

    /// <summary>Call headers that sign the call in as <paramref name="account"/>, optionally with an idempotency key.</summary>
    public static Metadata As(string account, string? idempotencyKey = null)
    {
        var headers = new Metadata { { TestUserAuthentication.Header, account } };
        if (idempotencyKey is not null)
        {
            headers.Add("idempotency-key", idempotencyKey);
        }
        return headers;
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public HandlerProbe Handlers { get; }

    public static async Task<ProductApp> StartAsync(Uri ledger, Action<CreditsOptions>? configure = null, bool useCredits = true)
    {
        // A content root of its own: the test's output folder holds the ledger server's appsettings.json
        // (HTTP/2 only, its own endpoints), which is not this app's configuration.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = ContentRoot.Value,
        });
        // HTTP/1.1 for the minimal APIs and the controller, HTTP/2 (h2c) for gRPC: plaintext cannot negotiate both on one port.
        var grpcPort = LoopbackPorts.Free();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1);
            kestrel.Listen(IPAddress.Loopback, grpcPort, listen => listen.Protocols = HttpProtocols.Http2);
        });
        builder.Services.AddGrpc(grpc => grpc.AddCredits());
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(TestUserAuthentication.SchemeName)
            .AddScheme<Microsoft.AspNetCore.Authentication.AuthenticationSchemeOptions, TestUserAuthentication>(TestUserAuthentication.SchemeName, null);
        builder.Services.AddCreditsClient(options =>
        {
            options.Address = ledger;
            options.ApiKey = TestLedger.ProductKey;
            options.PurchaseUrl = new Uri("https://shop.example/credits");
            configure?.Invoke(options);
        });
        builder.Services.AddControllers().AddApplicationPart(typeof(ProductApp).Assembly);
        var handlers = new HandlerProbe();
        builder.Services.AddSingleton(handlers);

        var app = builder.Build();
        app.UseAuthentication();
        if (useCredits)
        {
            app.UseCredits();
        }
        Map(app, handlers);
        app.MapControllers();
        app.MapGrpcService<PaintingStudio>();
        await app.StartAsync();
        return new ProductApp(app, handlers, grpcPort);
    }

    /// <summary>A request as <paramref name="account"/>, optionally with an idempotency key.</summary>
    public static HttpRequestMessage Post(string path, string? account, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (account is not null)
        {
            request.Headers.Add(TestUserAuthentication.Header, account);
        }
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static void Map(WebApplication app, HandlerProbe handlers)
    {
        app.MapPost("/images", () => handlers.Ran("image")).RequireCredits(TestLedger.Feature);
        app.MapPost("/flat", () => handlers.Ran("flat")).RequireCredits(4);
        app.MapPost("/partial", (HttpContext context) =>
        {
            context.UseCredits(3);
            return handlers.Ran("partial");
        }).RequireCredits(10);
        app.MapPost("/throws", string () =>
        {
            handlers.Ran("throws");
            throw new InvalidOperationException("the paid operation failed");
        }).RequireCredits(4);
        app.MapPost("/fails", () =>
        {
            handlers.Ran("fails");
            return Results.StatusCode(StatusCodes.Status500InternalServerError);
        }).RequireCredits(4);
        app.MapPost("/gated", async (CancellationToken aborted) =>
        {
            handlers.Ran("gated");
            await handlers.Gate.WaitAsync(aborted);
            return "done";
        }).RequireCredits(4);
        app.MapPost("/free", () => handlers.Ran("free"));
    }
}
