using Credits.AspNetCore.Tests.Support;
using Credits.Testing.Hosting;

namespace Credits.AspNetCore.Tests.Http;

/// <summary>An app whose priced endpoints would run for free does not start.</summary>
public sealed class PipelineCheckTests
{
    [Test]
    public async Task An_app_with_priced_endpoints_but_no_UseCredits_refuses_to_start()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
        {
            await using var app = await ProductApp.StartAsync(new Uri($"http://127.0.0.1:{LoopbackPorts.Free()}"), useCredits: false);
        });

        Assert.That(error!.Message, Does.Contain("app.UseCredits()"));
    }
}
