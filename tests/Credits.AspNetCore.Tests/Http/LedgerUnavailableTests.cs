using System.Net;
using System.Text.Json;
using Credits.AspNetCore.Tests.Support;
using Credits.Testing.Hosting;

namespace Credits.AspNetCore.Tests.Http;

/// <summary>When the ledger cannot be reached: 503 by default; with FailOpen the handler runs uncharged.</summary>
public sealed class LedgerUnavailableTests
{
    /// <summary>A loopback port nothing listens on: every call to it fails with UNAVAILABLE.</summary>
    private static Uri Nowhere() => new($"http://127.0.0.1:{LoopbackPorts.Free()}");

    [Test]
    public async Task The_ledger_down_answers_503_with_a_problem_body_and_the_handler_does_not_run()
    {
        await using var app = await ProductApp.StartAsync(Nowhere());

        using var response = await app.Http.SendAsync(ProductApp.Post("/flat", "user:someone"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/problem+json"));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.That(body.RootElement.GetProperty("type").GetString(), Is.EqualTo("urn:credits:problem:ledger-unavailable"));
        Assert.That(app.Handlers.Runs("flat"), Is.Zero);
    }

    [Test]
    public async Task With_fail_open_the_ledger_down_runs_the_handler_uncharged()
    {
        await using var app = await ProductApp.StartAsync(Nowhere(), options => options.FailOpen = true);

        using var response = await app.Http.SendAsync(ProductApp.Post("/partial", "user:someone"));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.Contains("Credits-Remaining"), Is.False);
        Assert.That(app.Handlers.Runs("partial"), Is.EqualTo(1));
    }
}
