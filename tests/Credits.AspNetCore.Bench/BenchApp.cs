using Credits.Client;
using Credits.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Credits.AspNetCore.Bench;

/// <summary>
/// The product app under measurement, on Kestrel at 127.0.0.1 (HTTP/1.1): the same trivial handler three ways.
/// The caller names its account in a header (this is a load test, not an identity example).
/// </summary>
internal static class BenchApp
{
    public const string UserHeader = "X-Bench-User";

    public static async Task<WebApplication> StartAsync(LedgerProcess ledger)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http1));
        builder.Services.AddCreditsClient(options =>
        {
            options.Address = ledger.Address;
            options.ApiKey = ledger.ApiKey;
            options.AccountResolver = context => context.Request.Headers[UserHeader].ToString();
        });

        var app = builder.Build();
        app.UseCredits();
        app.MapPost("/bare", Handler);
        app.MapPost("/priced", Handler).RequireCredits(1);
        app.MapPost("/manual", HandWrittenAsync);
        await app.StartAsync();
        return app;
    }

    private static string Handler() => "ok";

    /// <summary>What a team writes without the package: reserve, run the handler, commit, release on failure.</summary>
    private static async Task<IResult> HandWrittenAsync(HttpContext context, CreditsClient credits)
    {
        var reserved = await credits.ReserveAsync(new ReserveRequest
        {
            AccountId = context.Request.Headers[UserHeader].ToString(),
            Amount = 1,
            IdempotencyKey = $"manual:{Guid.NewGuid():N}",
        }, DateTime.UtcNow.AddSeconds(5));
        string result;
        try
        {
            result = Handler();
        }
        catch
        {
            await credits.ReleaseAsync(new ReleaseRequest { HoldId = reserved.HoldId }, DateTime.UtcNow.AddSeconds(10));
            throw;
        }
        await credits.CommitAsync(new CommitRequest { HoldId = reserved.HoldId }, DateTime.UtcNow.AddSeconds(10));
        return Results.Text(result);
    }
}
