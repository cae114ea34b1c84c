using Credits.Ledger.Data;
using Credits.Server.Tests.Support;
using Credits.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Credits.Server.Tests.Browser;

/// <summary>Settings for browsers and tokens that would open more than intended refuse to start the server.</summary>
public sealed class BrowserConfigurationTests
{
    private static async Task<OptionsValidationException?> StartFails(string[] allowedOrigins, Dictionary<string, string?>? overrides = null)
    {
        var database = TestDatabases.Create(DatabaseProvider.Sqlite, out var drop);
        try
        {
            await using var app = BrowserServer.Build(database, new FakeTimeProvider(LedgerServer.Start),
                new Uri($"http://127.0.0.1:{BrowserServer.FreePort()}"), allowedOrigins, overrides);
            try
            {
                await app.StartAsync();
            }
            catch (OptionsValidationException error)
            {
                return error;
            }
            await app.StopAsync();
            return null;
        }
        finally
        {
            drop();
        }
    }

    [TestCase("*")]
    [TestCase("https://shop.example.com/pricing")]
    [TestCase("shop.example.com")]
    public async Task An_allowed_origin_that_is_not_a_plain_origin_is_refused_at_start(string origin)
    {
        var error = await StartFails([origin]);

        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Failures, Has.Some.Contains("Browser:AllowedOrigins:0"));
    }

    [Test]
    public async Task A_browser_url_on_a_host_name_kestrel_cannot_listen_on_is_refused_at_start()
    {
        var error = await StartFails([BrowserServer.AllowedOrigin], new() { ["Browser:Url"] = "http://credits.example.com:5082" });

        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Failures, Has.Some.Contains("Browser:Url"));
    }

    [Test]
    public async Task A_signing_key_shorter_than_32_bytes_is_refused_at_start()
    {
        var error = await StartFails([BrowserServer.AllowedOrigin], new() { ["Auth:EndUserTokens:SigningKey"] = "too-short" });

        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Failures, Has.Some.Contains("Auth:EndUserTokens:SigningKey"));
    }

    [Test]
    public async Task A_signing_key_without_an_issuer_is_refused_at_start()
    {
        var error = await StartFails([BrowserServer.AllowedOrigin], new() { ["Auth:EndUserTokens:Issuer"] = "" });

        Assert.That(error, Is.Not.Null);
        Assert.That(error!.Failures, Has.Some.Contains("Auth:EndUserTokens:Issuer"));
    }
}
