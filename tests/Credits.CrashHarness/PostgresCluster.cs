using System.Diagnostics;
using Npgsql;

namespace Credits.CrashHarness;

/// <summary>
/// The PostgreSQL cluster tests/crash.sh started, driven through pg_ctl as its owner: an immediate
/// stop (every backend killed, no checkpoint: the next start runs crash recovery) and a start with
/// the options it was first started with.
/// </summary>
internal sealed class PostgresCluster(HarnessOptions options)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(90);

    /// <summary><c>pg_ctl -D DATA -m immediate -w stop</c>.</summary>
    public Task StopImmediateAsync(CancellationToken cancellationToken) =>
        PgCtlAsync(["-D", options.PgDataDirectory, "-m", "immediate", "-w", "stop"], cancellationToken);

    /// <summary><c>pg_ctl -D DATA -l LOG -w -t 60 -o OPTIONS start</c>; returns once it accepts connections.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var arguments = new List<string> { "-D", options.PgDataDirectory, "-l", options.PgLogFile, "-w", "-t", "60" };
        if (!string.IsNullOrWhiteSpace(options.PgOptions))
        {
            arguments.AddRange(["-o", options.PgOptions]);
        }
        arguments.Add("start");
        return PgCtlAsync(arguments, cancellationToken);
    }

    /// <summary>The settings a crash test depends on, as <c>name=value</c>.</summary>
    public async Task<IReadOnlyList<string>> DurabilitySettingsAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(options.PgConnectionString) { Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var settings = new List<string>();
        string[] names = options.FailoverMode
            ? ["fsync", "synchronous_commit", "full_page_writes", "synchronous_standby_names", "server_version"]
            : ["fsync", "synchronous_commit", "full_page_writes", "server_version"];
        foreach (var name in names)
        {
            await using var command = new NpgsqlCommand("SELECT current_setting(@name)", connection);
            command.Parameters.AddWithValue("name", name);
            settings.Add($"{name}={await command.ExecuteScalarAsync(cancellationToken)}");
        }
        return settings;
    }

    private async Task PgCtlAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(options.PgCtl[0])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var part in options.PgCtl.Skip(1).Concat(arguments))
        {
            start.ArgumentList.Add(part);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{options.PgCtl[0]} did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"pg_ctl {string.Join(' ', arguments)} exited with {process.ExitCode}: {(await output).Trim()} {(await error).Trim()}");
        }
    }
}
