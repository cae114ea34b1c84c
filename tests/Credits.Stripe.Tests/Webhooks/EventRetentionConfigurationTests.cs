using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Data;
using Credits.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

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
        var database = TestDatabases.Create(provider, out var drop);
        WebApplication? app = null;
        try
        {
            var configuration = new Dictionary<string, string?>
            {
                ["Kestrel:Endpoints:Grpc:Url"] = "http://127.0.0.1:0",
                ["Database:Provider"] = database.Provider.ToString(),
                ["Database:ConnectionString"] = database.ConnectionString,
                ["Database:UnsafeDurability"] = "Warn",
                ["Auth:ApiKeys:0:Name"] = "retention-test",
                ["Auth:ApiKeys:0:Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("ck_test_retention"))),
                ["Auth:ApiKeys:0:Scopes:0"] = "ledger:read",
                ["Stripe:EventRetention"] = retention,
                ["Logging:LogLevel:Default"] = "None",
            };
            app = Credits.Server.ServerHost.Build(["--environment", "Production"],
                builder => builder.Configuration.AddInMemoryCollection(configuration));

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

            Assert.That(error!.Failures, Has.Some.Contains("Stripe:EventRetention must be at least 7.00:00:00")
                .And.Some.Contains("Stripe retries a webhook for up to 3 days"));
        }
        finally
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }
            drop();
        }
    }
}
