using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Credits.Ledger.Data;
using Credits.Testing;
using Credits.V1;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using NUnit.Framework.Interfaces;
using System.Data.Common;

namespace Credits.Stripe.Tests.Support;

/// <summary>
/// Base of every Stripe fixture: one fake Stripe API and one real server per fixture class and
/// provider (SQLite and PostgreSQL), shared by its tests, which therefore each use their own
/// accounts and Stripe ids. Every test ends by checking the ledger's invariants over the whole database.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public abstract class StripeFixture(DatabaseProvider provider)
{
    protected DatabaseProvider Provider { get; } = provider;

    protected StripeTestServer Server { get; private set; } = null!;

    protected FakeStripeApi StripeApi { get; private set; } = null!;

    protected FakeTimeProvider Time => Server.Time;

    protected DateTimeOffset Now => Time.GetUtcNow();

    [OneTimeSetUp]
    public async Task StartServers()
    {
        StripeApi = await FakeStripeApi.StartAsync();
        Server = await StripeTestServer.StartAsync(Provider, StripeApi);
    }

    [TearDown]
    public async Task LedgerInvariantsHold()
    {
        if (TestContext.CurrentContext.Result.Outcome.Status != TestStatus.Failed)
        {
            Assert.That(await Server.Verifier.VerifyAsync(), Is.Empty, "ledger invariants after the test");
        }
    }

    [OneTimeTearDown]
    public async Task StopServers()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }
        if (StripeApi is not null)
        {
            await StripeApi.DisposeAsync();
        }
    }

    protected static string NewAccount() => $"user:{Guid.NewGuid():N}";

    // ---- Webhook deliveries ----

    /// <summary>Posts <paramref name="body"/> to the webhook with <paramref name="signature"/> as Stripe-Signature (none when null).</summary>
    protected async Task<HttpResponseMessage> Post(string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/stripe/webhook")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        }
        return await Server.Webhook.SendAsync(request);
    }

    /// <summary>Posts <paramref name="body"/> signed as Stripe signs it, now, with the endpoint's secret.</summary>
    protected Task<HttpResponseMessage> PostSigned(string body) => Post(body, WebhookSigner.Sign(body, StripeTestServer.WebhookSecret, Now));

    /// <summary>Delivers a signed event and returns the outcome the webhook answered (it must answer 200).</summary>
    protected async Task<string> Deliver(string type, JsonObject data, string? eventId = null)
    {
        using var response = await PostSigned(StripeObjects.Event(type, data, Now, eventId));
        return await OutcomeOf(response);
    }

    protected static async Task<string> OutcomeOf(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonNode.Parse(text)!["outcome"]!.GetValue<string>();
    }

    /// <summary>
    /// Sells <paramref name="pack"/> to <paramref name="account"/> as the product's page does
    /// (CreateCheckoutSession), the session getting <paramref name="payment"/>'s session id and
    /// Stripe quoting <paramref name="amountTotal"/> for it (the pack's price when null): only a
    /// session sold here, paid as quoted, is granted.
    /// </summary>
    protected async Task Sell(string account, Payment payment, string pack = TestPacks.Starter, long? amountTotal = null, string locale = "")
    {
        ArgumentNullException.ThrowIfNull(payment);
        StripeApi.SessionIds.Enqueue(payment.SessionId);
        if (amountTotal is { } quoted)
        {
            StripeApi.AmountsBySessionId[payment.SessionId] = quoted;
        }
        var created = await Server.Grpc.CreateCheckoutSessionAsync(new CreateCheckoutSessionRequest
        {
            AccountId = account,
            PackId = pack,
            SuccessUrl = "https://shop.example.com/thanks",
            CancelUrl = "https://shop.example.com/pricing",
            IdempotencyKey = $"sell-{payment.SessionId}",
            Locale = locale,
        }, StripeTestServer.Bearer(StripeTestServer.ShopKey));
        Assert.That(created.SessionId, Is.EqualTo(payment.SessionId), "the fake Stripe API gave the session the id asked for");
    }

    /// <summary>Sells the pack (<see cref="Sell"/>), then delivers checkout.session.completed for the session, paid.</summary>
    protected async Task<string> Paid(string account, Payment payment, string pack = TestPacks.Starter, long amountTotal = TestPacks.StarterAmount)
    {
        await Sell(account, payment, pack, amountTotal);
        return await Deliver("checkout.session.completed", StripeObjects.CheckoutSession(payment, account, pack, amountTotal));
    }

    /// <summary>refund.created (or another refund event) for a refund of <paramref name="amount"/>.</summary>
    protected Task<string> Refunded(Payment payment, string refundId, long amount, string status = "succeeded", string type = "refund.created") =>
        Deliver(type, StripeObjects.Refund(payment, refundId, amount, status, Now));

    protected Task<string> Disputed(Payment payment, string disputeId, long amount, string status, string type) =>
        Deliver(type, StripeObjects.Dispute(payment, disputeId, amount, status, Now));

    // ---- The ledger, through gRPC ----

    protected async Task<Balance> Balance(string account) =>
        (await Server.Grpc.GetBalanceAsync(new GetBalanceRequest { AccountId = account }, StripeTestServer.Bearer(StripeTestServer.ShopKey))).Balance;

    protected async Task<List<JournalEntry>> History(string account)
    {
        using var call = Server.Grpc.StreamHistory(new StreamHistoryRequest { AccountId = account }, StripeTestServer.Bearer(StripeTestServer.ShopKey));
        var entries = new List<JournalEntry>();
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            entries.Add(call.ResponseStream.Current.Entry);
        }
        return entries;
    }

    /// <summary>Spends <paramref name="amount"/> of the account's credits (reserve, then commit).</summary>
    protected async Task Spend(string account, long amount)
    {
        var headers = StripeTestServer.Bearer(StripeTestServer.ShopKey);
        var hold = await Server.Grpc.ReserveAsync(new ReserveRequest { AccountId = account, Amount = amount, IdempotencyKey = $"spend-{Guid.NewGuid():N}" }, headers);
        await Server.Grpc.CommitAsync(new CommitRequest { HoldId = hold.HoldId }, headers);
    }

    /// <summary>Available credits per bucket.</summary>
    protected static Dictionary<Bucket, long> Buckets(Balance balance) =>
        balance.Buckets.ToDictionary(bucket => bucket.Bucket, bucket => bucket.Available);

    /// <summary>The outbox messages written for <paramref name="account"/> (read from the table, whether sent or not).</summary>
    protected Task<List<(string Topic, JsonObject Payload)>> Outbox(string account) =>
        TestSql.QueryAsync(Server.Database, "SELECT topic, payload_json FROM outbox WHERE account_id = @account ORDER BY created_at_ms",
            reader => (reader.GetString(0), (JsonObject)JsonNode.Parse(reader.GetString(1))!), ("account", account));
}
