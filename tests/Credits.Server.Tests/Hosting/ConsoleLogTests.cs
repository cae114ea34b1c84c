using System.Text.Json;
using Credits.Testing;
using Credits.Testing.Hosting;

namespace Credits.Server.Tests.Hosting;

/// <summary>
/// The console log is one JSON object per line where a collector reads it, and one readable line
/// per entry in Development, where a person does (before, Development printed JSON too).
/// <c>Logging:Console:FormatterName</c> overrides the choice. Runs the real server process.
/// </summary>
public sealed class ConsoleLogTests
{
    private string _work = null!;

    [SetUp]
    public void MakeDirectory() => _work = Directory.CreateTempSubdirectory("credits-console-log-").FullName;

    [TearDown]
    public void RemoveDirectory() => Directory.Delete(_work, recursive: true);

    [Test]
    public async Task Development_prints_one_readable_line_per_entry()
    {
        var (lines, port) = await StartAndReadUntilListeningAsync("Development");

        Assert.That(lines, Has.Some.Match(Readable(port)), "one line: UTC time, level, category and event, message");
        Assert.That(lines, Has.None.StartsWith("{"), "no JSON");
    }

    [TestCase(null, TestName = "Production prints one JSON object per line with its fields")]
    [TestCase("Development", "json", TestName = "Logging:Console:FormatterName json gives JSON in Development too")]
    public async Task Json_lines(string? environment, string? formatter = null)
    {
        var (lines, port) = await StartAndReadUntilListeningAsync(environment, formatter);

        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var listening = entries.Single(entry => entry.GetProperty("Message").GetString() == $"Now listening on: http://127.0.0.1:{port}");
        Assert.That(listening.GetProperty("LogLevel").GetString(), Is.EqualTo("Information"));
        Assert.That(listening.GetProperty("Category").GetString(), Is.EqualTo("Microsoft.Hosting.Lifetime"));
        Assert.That(listening.GetProperty("Timestamp").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
    }

    private async Task<(List<string> Lines, int Port)> StartAndReadUntilListeningAsync(string? environment, string? formatter = null)
    {
        var port = LoopbackPorts.Free();
        var key = TestApiKey.For("ops", "console-log-test-key", "ledger:read");
        List<string> args =
        [
            $"--Kestrel:Endpoints:Grpc:Url=http://127.0.0.1:{port}",
            $"--Database:ConnectionString=Data Source={Path.Combine(_work, "ledger.db")}",
            "--Webhooks:Url=",
            $"--Auth:ApiKeys:0:Name={key.Name}", $"--Auth:ApiKeys:0:Sha256={key.Sha256}", "--Auth:ApiKeys:0:Scopes:0=ledger:read",
        ];
        if (formatter is not null)
        {
            args.Add($"--Logging:Console:FormatterName={formatter}");
        }
        using var server = BuiltServer.Start(Path.Combine(BuiltServer.Directory(), "Credits.Server.dll"), _work, environment, args);
        await Eventually.True(() => server.HasExited || server.Output.Any(line => line.Contains($"127.0.0.1:{port}", StringComparison.Ordinal)),
            "the server to say where it listens", TimeSpan.FromSeconds(60));
        Assert.That(server.HasExited, Is.False, string.Join("\n", server.Output));
        return (server.Output.ToList(), port);
    }

    private static string Readable(int port) =>
        $@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{3}}Z info: Microsoft\.Hosting\.Lifetime\[14\] Now listening on: http://127\.0\.0\.1:{port}$";
}
