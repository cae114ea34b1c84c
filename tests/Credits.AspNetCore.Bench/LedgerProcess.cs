using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Credits.Client;
using Credits.Client.Errors;

namespace Credits.AspNetCore.Bench;

/// <summary>
/// The ledger server as a child process (<c>dotnet Credits.Server.dll</c>) on a free loopback port with a fresh
/// API key, Production settings and Warning logs, as tests/Credits.Bench starts it (whose starter is internal to
/// that tool). Ready once a balance read succeeds; disposing it kills it by its process id.
/// </summary>
internal sealed class LedgerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LedgerProcess(Process process, Uri address, string apiKey)
    {
        _process = process;
        Address = address;
        ApiKey = apiKey;
        Client = CreditsClient.Create(address, apiKey);
    }

    public Uri Address { get; }

    public string ApiKey { get; }

    public CreditsClient Client { get; }

    public static async Task<LedgerProcess> StartAsync(string serverDll, string postgres)
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        var apiKey = "ck_bench_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(serverDll);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["Database__ConnectionString"] = postgres;
        start.Environment["Auth__ApiKeys__0__Name"] = "aspnet-bench";
        start.Environment["Auth__ApiKeys__0__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
        start.Environment["Auth__ApiKeys__0__Scopes__0"] = "ledger:read";
        start.Environment["Auth__ApiKeys__0__Scopes__1"] = "ledger:write";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        // Drain its output so a chatty server never blocks on a full pipe.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) { Console.Error.WriteLine("ledger: " + line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var ledger = new LedgerProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"), apiKey);
        try
        {
            await ledger.WaitUntilServingAsync();
            return ledger;
        }
        catch
        {
            await ledger.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException("The ledger exited before serving.");
            }
            try
            {
                await Client.GetBalanceAsync("user:bench-probe", DateTime.UtcNow.AddSeconds(2));
                return;
            }
            catch (CreditsException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
