using Credits.Server.Tests.Support;
using Credits.Testing;
using Credits.Testing.Hosting;
using Credits.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Credits.Server.Tests.Hosting;

/// <summary>
/// The published server finds its files in its own directory, wherever it is started from: before,
/// started from elsewhere it ran silently without its appsettings.json, on a new SQLite file beside
/// the caller. Runs the real server process from a copy of its build output.
/// </summary>
public sealed class ContentRootTests
{
    private string _work = null!;

    [SetUp]
    public void MakeDirectories() => _work = Directory.CreateTempSubdirectory("credits-content-root-").FullName;

    [TearDown]
    public void RemoveDirectories() => Directory.Delete(_work, recursive: true);

    [Test]
    public async Task A_server_started_from_another_directory_reads_its_own_settings_and_keeps_its_database_beside_itself()
    {
        var app = Path.Combine(_work, "app");
        var elsewhere = Directory.CreateDirectory(Path.Combine(_work, "elsewhere")).FullName;
        CopyDirectory(BuiltServer.Directory(), app);
        var port = LoopbackPorts.Free();
        // The port and the database file are only in the app's own appsettings.json.
        await File.WriteAllTextAsync(Path.Combine(app, "appsettings.json"), $$"""
            {
              "Kestrel": { "Endpoints": { "Grpc": { "Url": "http://127.0.0.1:{{port}}" } } },
              "Database": { "Provider": "Sqlite", "ConnectionString": "Data Source=ledger-under-app.db" }
            }
            """);

        // No webhook listener: Development's appsettings names a fixed port that another server may hold.
        using var server = BuiltServer.Start(Path.Combine(app, "Credits.Server.dll"), elsewhere, "Development", "--Webhooks:Url=");
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        var client = new LedgerService.LedgerServiceClient(channel);
        await Eventually.True(async () =>
        {
            try
            {
                await client.GetBalanceAsync(new GetBalanceRequest { AccountId = "user:1" }, LedgerServer.Bearer(TestKeys.Development));
                return true;
            }
            catch (RpcException error) when (error.StatusCode == StatusCode.Unavailable && !server.HasExited)
            {
                return false;
            }
        }, "the server to answer on the port its own appsettings.json names", TimeSpan.FromSeconds(60));

        Assert.That(File.Exists(Path.Combine(app, "ledger-under-app.db")), Is.True, "the database sits beside the app");
        Assert.That(Directory.EnumerateFileSystemEntries(elsewhere), Is.Empty, "nothing is written where it was started from");
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var directory in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(directory.Replace(from, to, StringComparison.Ordinal));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (!file.EndsWith(".db", StringComparison.Ordinal) && !file.Contains(".db-", StringComparison.Ordinal))
            {
                File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
            }
        }
    }
}
