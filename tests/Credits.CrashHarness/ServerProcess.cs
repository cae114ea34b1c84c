using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Credits.CrashHarness;

/// <summary>
/// The ledger server as a child process (<c>dotnet Credits.Server.dll</c>, Production settings, a
/// fresh API key, PostgreSQL) that the harness kills with SIGKILL by its process id and starts again
/// on the same port. Each incarnation logs to its own file in the work directory; the current
/// process id is kept in <c>server.pid</c> there (<c>server-N.pid</c> for instance N of several) so
/// tests/crash.sh can kill a server left behind.
/// Ready means the gRPC health check (no key needed) answers SERVING, which includes the database.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly HarnessOptions _options;
    private readonly GrpcChannel _healthChannel;
    private readonly Health.HealthClient _health;
    private readonly Lock _gate = new();
    private Process? _process;
    private StreamWriter? _log;
    private bool _killedByUs;

    /// <param name="options">The harness's command line.</param>
    /// <param name="name">How logs and the pid file name this instance: empty for a lone server, "-2" for the second of several.</param>
    /// <param name="apiKey">The key every instance accepts (see <see cref="ApiKey"/>).</param>
    public ServerProcess(HarnessOptions options, string name, string apiKey)
    {
        _options = options;
        Name = name;
        Port = FreeLoopbackPort();
        Address = new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}");
        ApiKey = apiKey;
        _healthChannel = GrpcChannel.ForAddress(Address);
        _health = new Health.HealthClient(_healthChannel);
    }

    /// <summary>A new random key for a fleet of servers.</summary>
    public static string NewApiKey() => "crash_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    /// <summary>The suffix of this instance's log and pid files ("" for a lone server).</summary>
    public string Name { get; }

    public int Port { get; }

    public Uri Address { get; }

    /// <summary>A key with <c>ledger:read</c> and <c>ledger:write</c>, configured as its SHA-256.</summary>
    public string ApiKey { get; }

    /// <summary>How many times a server process was started.</summary>
    public int Incarnations { get; private set; }

    /// <summary>Error or Critical lines logged by all incarnations.</summary>
    public long ErrorLines => Interlocked.Read(ref _errorLines);

    private long _errorLines;

    /// <summary>The current process exited without the harness killing it (a crash of the server).</summary>
    public bool ExitedOnItsOwn
    {
        get
        {
            lock (_gate)
            {
                return _process is { HasExited: true } && !_killedByUs;
            }
        }
    }

    /// <summary>Starts an incarnation and waits until it serves.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            // Beside its appsettings.json, though the server finds that in its own directory anyway.
            WorkingDirectory = Path.GetDirectoryName(_options.ServerDll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(_options.ServerDll);
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "DOTNET_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS" })
        {
            start.Environment.Remove(inherited);
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = Address.ToString().TrimEnd('/');
        start.Environment["Database__Provider"] = "Postgres";
        start.Environment["Database__ConnectionString"] = _options.PgConnectionString;
        start.Environment["Auth__ApiKeys__0__Name"] = "crash-harness";
        start.Environment["Auth__ApiKeys__0__Sha256"] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ApiKey)));
        start.Environment["Auth__ApiKeys__0__Scopes__0"] = "ledger:read";
        start.Environment["Auth__ApiKeys__0__Scopes__1"] = "ledger:write";
        // Lots granted with a short expiry are swept while the chaos runs.
        start.Environment["Ledger__SweepInterval"] = "00:00:02";

        Incarnations++;
        var logPath = Path.Combine(_options.WorkDirectory, $"server{Name}-{Incarnations.ToString("D2", CultureInfo.InvariantCulture)}.log");
        var log = new StreamWriter(logPath, append: false, Encoding.UTF8) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException("dotnet did not start.");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        lock (_gate)
        {
            _process = process;
            _log = log;
            _killedByUs = false;
        }
        await File.WriteAllTextAsync(Path.Combine(_options.WorkDirectory, $"server{Name}.pid"), process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
        await WaitServingAsync(StartTimeout, cancellationToken);
    }

    /// <summary>SIGKILL (what <see cref="Process.Kill()"/> sends on Linux) to the current process, by its id; waits until it is gone.</summary>
    public async Task KillAsync()
    {
        Process? process;
        StreamWriter? log;
        lock (_gate)
        {
            process = _process;
            log = _log;
            _killedByUs = true;
        }
        if (process is null)
        {
            return;
        }
        try
        {
            process.Kill();
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        await process.WaitForExitAsync(wait.Token);
        lock (_gate)
        {
            if (ReferenceEquals(_process, process))
            {
                _process = null;
                _log = null;
            }
        }
        process.Dispose();
        if (log is not null)
        {
            lock (log)
            {
                log.Dispose();
            }
        }
    }

    /// <summary>Polls the health check until SERVING; throws if the process exits or <paramref name="timeout"/> passes.</summary>
    public async Task WaitServingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var lastProblem = "no answer yet";
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            lock (_gate)
            {
                if (_process is { HasExited: true } exited)
                {
                    throw new InvalidOperationException(
                        $"The server (incarnation {Incarnations}) exited with code {exited.ExitCode} before serving; see {_options.WorkDirectory}.");
                }
            }
            try
            {
                var response = await _health.CheckAsync(new HealthCheckRequest(), deadline: DateTime.UtcNow.AddSeconds(2), cancellationToken: cancellationToken);
                if (response.Status == HealthCheckResponse.Types.ServingStatus.Serving)
                {
                    return;
                }
                lastProblem = response.Status.ToString();
            }
            catch (RpcException error) when (!cancellationToken.IsCancellationRequested)
            {
                lastProblem = error.StatusCode.ToString();
            }
            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"The server did not serve within {timeout.TotalSeconds} s (last: {lastProblem}); see {_options.WorkDirectory}.");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (OperationCanceledException)
        {
            // SIGKILL was sent; the process table will catch up.
        }
        _healthChannel.Dispose();
    }

    private void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }
        if (line.Contains("\"LogLevel\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"LogLevel\":\"Critical\"", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _errorLines);
        }
        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The last lines of a killed incarnation can arrive after its log was closed.
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
