using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Server.Tests.Hosting;

/// <summary>
/// Ledger policies that would lose money refuse to start: a key retention shorter than Stripe's
/// three-day retry window applied a retry 3 s later as a second lot, and 0 or a negative value
/// switched idempotency off; a per-account cap under 1 would refuse every Grant or Reserve, and a
/// per-caller limit under 1 every call or stream.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class LedgerPolicyValidationTests(DatabaseProvider provider)
{
    [TestCase("Ledger:IdempotencyKeyRetention", "00:00:01")]
    [TestCase("Ledger:IdempotencyKeyRetention", "00:00:00")]
    [TestCase("Ledger:IdempotencyKeyRetention", "-1.00:00:00")]
    [TestCase("Ledger:IdempotencyKeyRetention", "2.23:59:59")]
    [TestCase("Ledger:LiveLotsPerAccountMax", "0")]
    [TestCase("Ledger:ActiveHoldsPerAccountMax", "-1")]
    [TestCase("Limits:ApiKeyRequestsPerSecond", "0")]
    [TestCase("Limits:EndUserRequestsPerSecond", "-5")]
    [TestCase("Limits:StreamsPerApiKeyMax", "0")]
    [TestCase("Limits:StreamsPerEndUserMax", "0")]
    [TestCase("Limits:StreamsPerAccountMax", "0")]
    [TestCase("Limits:StreamRetryDelay", "00:00:00")]
    [TestCase("Stripe:ReturnOrigins:0", "https://shop.example.com/checkout")]
    [TestCase("Stripe:ReturnOrigins:0", "shop.example.com")]
    [TestCase("Stripe:CheckoutSessionsPerAccountPerHour", "0")]
    [TestCase("Json:Url", "http://ledger.internal:5083")]
    public async Task A_policy_that_would_lose_money_or_refuse_everything_refuses_to_start_naming_its_key(string key, string value)
    {
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            await using var app = LedgerServer.Build(database, new FakeTimeProvider(LedgerServer.Start),
                new ServerSettings { Configuration = new Dictionary<string, string?> { [key] = value } });

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.That(error!.Failures, Has.Some.Contains(key));
        }
        finally
        {
            drop();
        }
    }

    [TestCase("Webhooks:Url", "http://0.0.0.0:5081")]
    [TestCase("Kestrel:Endpoints:Public:Url", "http://*:5090")]
    [TestCase("Browser:Url", "http://192.168.1.20:5082")]
    [TestCase("Json:Url", "http://0.0.0.0:5083")]
    public async Task A_development_host_listening_beyond_loopback_refuses_to_start_since_anyone_could_use_the_dev_key(string key, string url)
    {
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            await using var app = LedgerServer.Build(database, new FakeTimeProvider(LedgerServer.Start),
                new ServerSettings { Environment = "Development", Configuration = new Dictionary<string, string?> { [key] = url } });

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.That(error!.Failures, Has.Some.Contains("credits-dev-key").And.Contains(url));
        }
        finally
        {
            drop();
        }
    }

    [TestCase("Webhooks:Url", "https://127.0.0.1:5081")]
    [TestCase("Browser:Url", "https://127.0.0.1:5082")]
    [TestCase("Json:Url", "https://127.0.0.1:5083")]
    [TestCase("Kestrel:Endpoints:Tls:Url", "https://127.0.0.1:5443")]
    public async Task An_https_listener_without_a_certificate_refuses_to_start_rather_than_serve_plaintext_or_the_dev_certificate(
        string key, string url) =>
        await A_policy_that_would_lose_money_or_refuse_everything_refuses_to_start_naming_its_key(key, url);

    [Test]
    public async Task A_stripe_key_with_no_origin_to_return_customers_to_refuses_to_start_since_checkout_would_be_an_open_redirect()
    {
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            await using var app = LedgerServer.Build(database, new FakeTimeProvider(LedgerServer.Start),
                new ServerSettings { Configuration = new Dictionary<string, string?> { ["Stripe:ApiKey"] = "sk_test_no_origins" } });

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.That(error!.Failures, Has.Some.Contains("Stripe:ReturnOrigins"));
        }
        finally
        {
            drop();
        }
    }

    [Test]
    public async Task Three_days_of_key_retention_is_enough_to_start()
    {
        var database = TestDatabases.Create(provider, out var drop);
        try
        {
            await using var app = LedgerServer.Build(database, new FakeTimeProvider(LedgerServer.Start),
                new ServerSettings { Configuration = new Dictionary<string, string?> { ["Ledger:IdempotencyKeyRetention"] = "3.00:00:00" } });

            await app.StartAsync();
            await app.StopAsync();
        }
        finally
        {
            drop();
        }
    }
}
