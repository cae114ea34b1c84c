using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Credits.Bench.Scenarios;
using Credits.Client;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Credits.Bench;

/// <summary>
/// The ledger server as a child process (<c>dotnet Credits.Server.dll</c>), so that its memory is its
/// own: a free loopback port, a fresh random API key with read and write scopes, Production
/// settings and Warning logs. Ready once its gRPC health check says SERVING. Disposing it kills it
/// by its process id; <see cref="KillAll"/> does so for every server still running when the
/// benchmark is interrupted.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private const int TailLines = 30;

    private readonly Process _process;
    private readonly GrpcChannel _channel;
    private readonly ConcurrentQueue<string> _tail = new();
    private long _warnings;
    private long _errors;

    private ServerProcess(Process process, Uri address, string apiKey)
    {
        _process = process;
        Pid = process.Id;
        Address = address;
        _channel = GrpcChannel.ForAddress(address);
        Client = new CreditsClient(_channel.CreateCallInvoker(), apiKey);
        Health = new Health.HealthClient(_channel);
        process.OutputDataReceived += (_, line) => Collect(line.Data);
        process.ErrorDataReceived += (_, line) => Collect(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    /// <summary>The server's process id.</summary>
    public int Pid { get; }

    /// <summary>Where the server listens (plaintext HTTP/2 on 127.0.0.1).</summary>
    public Uri Address { get; }

    /// <summary>The generated client's wrapper, over one shared channel, with the API key.</summary>
    public CreditsClient Client { get; }

    /// <summary>The standard gRPC health client on the same channel.</summary>
    public Health.HealthClient Health { get; }

    /// <summary>Warning lines the server has logged.</summary>
    public long Warnings => Interlocked.Read(ref _warnings);

    /// <summary>Error and critical lines the server has logged.</summary>
    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The last lines the server wrote.</summary>
    public IReadOnlyList<string> Tail => [.. _tail];

    /// <summary>Starts a server on <paramref name="connectionString"/> and waits until it serves.</summary>
    public static async Task<ServerProcess> StartAsync(string serverDll, ProviderKind provider, string connectionString, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? settings = null)
    {
        var port = FreeLoopbackPort();
        var apiKey = Base64UrlKey();
        var start = new ProcessStartInfo("dotnet")
        {
            // The server reads appsettings.json from its content root, the working directory.
            WorkingDirectory = Path.GetDirectoryName(serverDll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
        };
        start.ArgumentList.Add(serverDll);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["Database__Provider"] = provider == ProviderKind.Postgres ? "Postgres" : "Sqlite";
        start.Environment["Database__ConnectionString"] = connectionString;
        start.Environment["Auth__ApiKeys__0__Name"] = "bench";
        start.Environment["Auth__ApiKeys__0__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(apiKey)));
        start.Environment["Auth__ApiKeys__0__Scopes__0"] = "ledger:read";
        start.Environment["Auth__ApiKeys__0__Scopes__1"] = "ledger:write";
        // Seeding adds the pool's members (PoolPairs), which takes the admin scope.
        start.Environment["Auth__ApiKeys__0__Scopes__2"] = "admin";
        // The Transfer row measures the path, not the policy: a hot sender would pass any daily limit.
        start.Environment["Ledger__Transfers__DailyLimit"] = "0";
        // The bench's one key is every caller at once: on a quiet machine reads pass the default
        // 20,000 calls a second per key, and the limiter would be measured instead of the ledger.
        start.Environment["Limits__ApiKeyRequestsPerSecond"] = "1000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Warning";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        Running[process.Id] = process;
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}"), apiKey);
        try
        {
            await server.WaitUntilServingAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's peak resident memory so far (VmHWM of /proc/PID/status), in KiB; null if unreadable.</summary>
    public long? PeakResidentKib()
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{Pid.ToString(CultureInfo.InvariantCulture)}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    var digits = line["VmHWM:".Length..].Trim().Split(' ')[0];
                    return long.Parse(digits, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        return null;
    }

    /// <summary>Kills every server this benchmark started that is still running (for Ctrl-C and process exit).</summary>
    public static void KillAll()
    {
        foreach (var process in Running.Values)
        {
            Kill(process);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        Kill(_process);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            // Reported by the caller if it matters; the process was sent SIGKILL.
        }
        Running.TryRemove(Pid, out _);
        _process.Dispose();
    }

    private async Task WaitUntilServingAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var request = new HealthCheckRequest();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"The server exited with code {_process.ExitCode.ToString(CultureInfo.InvariantCulture)} before serving:{Environment.NewLine}{string.Join(Environment.NewLine, Tail)}");
            }
            try
            {
                var response = await Health.CheckAsync(request, deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
            }
            catch (RpcException) when (!cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            if (stopwatch.Elapsed > StartTimeout)
            {
                throw new TimeoutException($"The server did not serve within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{string.Join(Environment.NewLine, Tail)}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        }
    }

    private void Collect(string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line.Contains("\"LogLevel\":\"Warning\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }
        else if (line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errors);
        }
        _tail.Enqueue(line.Length > 500 ? line[..500] : line);
        while (_tail.Count > TailLines && _tail.TryDequeue(out _))
        {
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Base64UrlKey()
    {
        Span<byte> bytes = stackalloc byte[32];
        RandomNumberGenerator.Fill(bytes);
        return "bench_" + System.Buffers.Text.Base64Url.EncodeToString(bytes);
    }
}
