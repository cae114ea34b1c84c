using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Credits.Testing;
using Credits.Testing.Hosting;

namespace Credits.Server.Tests.Notifications.Webhooks;

/// <summary>
/// The product's endpoint as an independent process: tests/webhook-receiver/receive.mjs, which
/// verifies each delivery with the Standard Webhooks authors' npm library and counts deliveries by
/// webhook-id. Its port is chosen before it starts, so the server can be pointed at it while
/// nothing listens there yet (connections refused).
/// </summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    /// <summary>A Standard Webhooks secret (base64 of 32 bytes), shared by the server and the receiver.</summary>
    public const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7Y0bVQ9T0n8=";

    private static readonly string Directory = Path.Combine(Repository.Root, "tests", "webhook-receiver");

    private readonly HttpClient _http = new();
    private Process? _process;

    public int Port { get; } = LoopbackPorts.Free();

    public Uri Hook => new($"http://127.0.0.1:{Port}/hook");

    /// <summary>Starts the receiver (npm ci on first use); <paramref name="failing"/> answers every delivery 500 until <see cref="OkAsync"/>.</summary>
    public async Task StartAsync(bool failing = false)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "standardwebhooks")))
        {
            var install = Process.Start(new ProcessStartInfo("npm", "ci --silent --no-audit --no-fund") { WorkingDirectory = Directory })!;
            await install.WaitForExitAsync();
            Assert.That(install.ExitCode, Is.Zero, "npm ci in tests/webhook-receiver");
        }
        var start = new ProcessStartInfo("node") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("receive.mjs");
        start.ArgumentList.Add(Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(failing ? "failing" : "ok");
        start.Environment["WEBHOOK_SECRET"] = Secret;
        _process = Process.Start(start)!;
        var line = await _process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line != "listening")
        {
            // Only now: stderr ends when the process does, which a running receiver never does.
            Assert.Fail($"the receiver did not start: {await _process.StandardError.ReadToEndAsync()}");
        }
    }

    public async Task FailAsync() => (await _http.PostAsync(new Uri($"http://127.0.0.1:{Port}/fail"), null)).EnsureSuccessStatusCode();

    public async Task OkAsync() => (await _http.PostAsync(new Uri($"http://127.0.0.1:{Port}/ok"), null)).EnsureSuccessStatusCode();

    /// <summary>What the receiver accepted (count per webhook-id, the verified bodies) and refused.</summary>
    public async Task<ReceiverState> StateAsync() =>
        (await _http.GetFromJsonAsync<ReceiverState>(new Uri($"http://127.0.0.1:{Port}/state"), JsonSerializerOptions.Web))!;

    /// <summary>Posts a delivery with the given headers, as a forger would; returns the status code.</summary>
    public async Task<int> PostAsync(string body, IEnumerable<KeyValuePair<string, string>> headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Hook) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        using var response = await _http.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                process.Kill();
                await process.WaitForExitAsync();
            }
            process.Dispose();
        }
    }
}

/// <summary>The receiver's counters: deliveries accepted per webhook-id, their verified bodies, and what it refused.</summary>
internal sealed record ReceiverState(
    Dictionary<string, int> Counts,
    Dictionary<string, JsonElement> Bodies,
    int Rejected,
    int RefusedWhileFailing,
    bool Failing);
