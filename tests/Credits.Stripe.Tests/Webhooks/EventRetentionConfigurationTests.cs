using Credits.Ledger.Data;
using Credits.Testing;
using Credits.Testing.Hosting;

namespace Credits.Stripe.Tests.Webhooks;

/// <summary>
/// A Stripe:EventRetention under 7 days would forget event ids while Stripe may still redeliver
/// them (it retries for up to 3 days): the server refuses to start with it.
/// </summary>
[TestFixture(DatabaseProvider.Sqlite)]
[TestFixture(DatabaseProvider.Postgres)]
public sealed class EventRetentionConfigurationTests(DatabaseProvider provider)
{
    [TestCase("6.23:59:59")]
    [TestCase("3.00:00:00")]
    public async Task A_retention_under_seven_days_is_refused_at_start_with_a_clear_message(string retention)
    {
        var error = await TestServerHost.RefusedStartAsync(provider, new TestServerOptions
        {
            ApiKeys = [TestApiKey.For("retention-test", "ck_test_retention", "ledger:read")],
            Logging = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "None" },
            Configuration = new Dictionary<string, string?> { ["Stripe:EventRetention"] = retention },
        });

        Assert.That(error.Failures, Has.Some.Contains("Stripe:EventRetention must be at least 7.00:00:00")
            .And.Some.Contains("Stripe retries a webhook for up to 3 days"));
    }
}
