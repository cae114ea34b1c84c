using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Credits.Stripe.Tests.Support;

/// <summary>
/// A stand-in for Stripe's API on 127.0.0.1: <c>POST /v1/checkout/sessions</c> answers with a
/// session shaped like Stripe's example, quoting the price's amount and currency as Stripe does,
/// records each request's form and headers, and, like Stripe, answers a repeated idempotency key
/// with the first response.
/// </summary>
public sealed class FakeStripeApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _responsesByKey = new(StringComparer.Ordinal);

    private FakeStripeApi(WebApplication app)
    {
        _app = app;
    }

    /// <summary>Where the fake listens (known once it has started).</summary>
    public Uri BaseAddress => new(_app.Urls.Single());

    /// <summary>Every session request received, oldest first.</summary>
    public ConcurrentQueue<StripeRequest> Requests { get; } = new();

    /// <summary>The ids the next sessions get, in order (a test that must know its session's id before it is sold); random once empty.</summary>
    public ConcurrentQueue<string> SessionIds { get; } = new();

    /// <summary>What each price charges (Stripe's prices of the test catalogue): a session quotes it as its <c>amount_total</c>.</summary>
    public ConcurrentDictionary<string, (long Amount, string Currency)> Prices { get; } = new(StringComparer.Ordinal)
    {
        [TestPacks.StarterPrice] = (TestPacks.StarterAmount, "usd"),
        [TestPacks.ProPrice] = (TestPacks.ProAmount, "usd"),
    };

    /// <summary>Sessions (by id) quoting another amount than their price (as a discount or tax would make them).</summary>
    public ConcurrentDictionary<string, long> AmountsBySessionId { get; } = new(StringComparer.Ordinal);

    /// <summary>When set, every request is answered with this Stripe error instead.</summary>
    public StripeFailure? Failure { get; set; }

    public static async Task<FakeStripeApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        // The test's output folder holds the ledger server's appsettings.json (HTTP/2 only, port
        // 5080); the fake is a plain HTTP/1.1 server on a free port, like Stripe's API.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeStripeApi(app);
        app.MapPost("/v1/checkout/sessions", (Func<HttpContext, Task<IResult>>)fake.CreateSessionAsync);
        await app.StartAsync();
        return fake;
    }

    private async Task<IResult> CreateSessionAsync(HttpContext context)
    {
        var form = (await context.Request.ReadFormAsync()).ToDictionary(field => field.Key, field => field.Value.ToString(), StringComparer.Ordinal);
        var key = context.Request.Headers["Idempotency-Key"].ToString();
        Requests.Enqueue(new StripeRequest(form, key, context.Request.Headers.Authorization.ToString()));
        if (Failure is { } failure)
        {
            var error = new JsonObject
            {
                ["error"] = new JsonObject { ["type"] = failure.Type, ["code"] = failure.Code, ["message"] = "Failing as the test asked." },
            };
            return Results.Content(error.ToJsonString(), "application/json", statusCode: failure.HttpStatus);
        }
        var body = _responsesByKey.GetOrAdd(key.Length > 0 ? key : Guid.NewGuid().ToString(), _ => Session(form).ToJsonString());
        return Results.Content(body, "application/json");
    }

    private JsonObject Session(Dictionary<string, string> form)
    {
        var session = StripeObjects.Example("checkout.session");
        var id = SessionIds.TryDequeue(out var next) ? next : StripeObjects.NewId("cs_test_");
        if (Prices.TryGetValue(form.GetValueOrDefault("line_items[0][price]") ?? "", out var price))
        {
            session["amount_subtotal"] = price.Amount;
            session["amount_total"] = AmountsBySessionId.TryGetValue(id, out var quoted) ? quoted : price.Amount;
            session["currency"] = price.Currency;
        }
        var now = DateTimeOffset.UtcNow;
        session["id"] = id;
        session["url"] = $"https://checkout.stripe.com/c/pay/{id}";
        session["mode"] = form.GetValueOrDefault("mode");
        session["client_reference_id"] = form.GetValueOrDefault("client_reference_id");
        session["success_url"] = form.GetValueOrDefault("success_url");
        session["cancel_url"] = form.GetValueOrDefault("cancel_url");
        session["status"] = "open";
        session["payment_status"] = "unpaid";
        session["payment_intent"] = null;
        session["created"] = now.ToUnixTimeSeconds();
        session["expires_at"] = now.AddHours(24).ToUnixTimeSeconds();
        var metadata = new JsonObject();
        foreach (var (field, value) in form.Where(field => field.Key.StartsWith("metadata[", StringComparison.Ordinal)))
        {
            metadata[field["metadata[".Length..^1]] = value;
        }
        session["metadata"] = metadata;
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
