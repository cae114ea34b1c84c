using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Credits.AbuseHarness;

/// <summary>
/// The ledger server as a child process (Production, PostgreSQL, the harness's <see cref="Limits"/>),
/// with one API key per role so each role is its own caller; its output goes to server.log.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    public static readonly string[] Roles = ["normal", "flooder", "streamer", "watcher", "bloater", "admin"];

    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, StreamWriter log, Uri address, Dictionary<string, string> keys)
    {
        _process = process;
        _log = log;
        Address = address;
        Keys = keys;
    }

    public Uri Address { get; }

    /// <summary>Each role's API key.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; }

    public static async Task<ServerProcess> StartAsync(HarnessOptions options)
    {
        var port = FreeLoopbackPort();
        var address = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}");
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(options.ServerDll);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = address.ToString().TrimEnd('/');
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["Database__ConnectionString"] = options.PgConnectionString;
        // The throwaway cluster runs with fsync off, as tests/postgres.sh starts it.
        start.Environment["Database__UnsafeDurability"] = "Warn";
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < Roles.Length; i++)
        {
            var key = $"abuse_{Roles[i]}_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
            keys[Roles[i]] = key;
            var prefix = $"Auth__ApiKeys__{i.ToString(CultureInfo.InvariantCulture)}__";
            start.Environment[prefix + "Name"] = Roles[i];
            start.Environment[prefix + "Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
            start.Environment[prefix + "Scopes__0"] = Roles[i] == "admin" ? "admin" : "ledger:write";
            start.Environment[prefix + "Scopes__1"] = "ledger:read";
        }
        foreach (var (name, value) in Limits.AsEnvironment())
        {
            start.Environment[name] = value;
        }
        var log = new StreamWriter(Path.Combine(options.WorkDirectory, "server.log"), append: false, Encoding.UTF8) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, log, address, keys);
        await server.WaitServingAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private async Task WaitServingAsync()
    {
        using var channel = GrpcChannel.ForAddress(Address);
        var health = new Health.HealthClient(channel);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode} before serving; see server.log.");
            }
            try
            {
                var reply = await health.CheckAsync(new HealthCheckRequest { Service = "credits.v1.LedgerService" }, deadline: DateTime.UtcNow.AddSeconds(2));
                if (reply.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The server did not serve within 60 s; see server.log.");
            }
            await Task.Delay(200);
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.WriteLine(line);
            }
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
