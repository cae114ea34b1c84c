using System.Diagnostics;
using System.Globalization;

namespace Credits.Bench;

/// <summary>
/// Where the CPU went during a measuring window: the server process, the PostgreSQL cluster (the
/// postmaster and its children: backends, WAL writer, checkpointer), this benchmark process (the
/// callers and the raw-SQL baseline's client), and how busy the whole machine was. On a machine
/// where all three share a few cores this, not wall-clock throughput alone, says which process a
/// faster path would have to shrink.
/// </summary>
/// <remarks>
/// Reads /proc, so it is Linux only; anywhere else every figure is null. Backends that exit inside
/// the window take their CPU with them; every workload here keeps its connections open.
/// </remarks>
internal sealed class CpuMeter(int? serverPid, int? postmasterPid)
{
    // USER_HZ: the unit of utime/stime in /proc/PID/stat; 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;

    /// <summary>A meter for the server process and the PostgreSQL cluster whose data directory is <paramref name="postgresDataDirectory"/>.</summary>
    public static CpuMeter For(int? serverPid, string? postgresDataDirectory) => new(serverPid, PostmasterPid(postgresDataDirectory));

    /// <summary>A reading now.</summary>
    public CpuSample Sample() => new(
        Stopwatch.GetTimestamp(),
        serverPid is { } server ? ProcessSeconds(server) : null,
        postmasterPid is { } postmaster ? ClusterSeconds(postmaster) : null,
        Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds,
        MachineTicks());

    /// <summary>Samples at the start and at the end of <paramref name="clock"/>'s window (or now, if a boundary has passed).</summary>
    public async Task<CpuUsage?> MeasureWindowAsync(MeasurementClock clock, CancellationToken cancellationToken)
    {
        await DelayUntilAsync(clock.MeasureFrom, cancellationToken);
        var start = Sample();
        await DelayUntilAsync(clock.MeasureTo, cancellationToken);
        return CpuUsage.Between(start, Sample());
    }

    private static async Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, cancellationToken);
        }
    }

    private static int? PostmasterPid(string? dataDirectory)
    {
        var file = dataDirectory is null ? null : Path.Combine(dataDirectory, "postmaster.pid");
        if (file is null || !File.Exists(file))
        {
            return null;
        }
        // The first line of postmaster.pid is the postmaster's process id.
        return int.TryParse(File.ReadLines(file).FirstOrDefault(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static double? ProcessSeconds(int pid) => ReadStat(pid) is { } stat ? stat.CpuTicks / TicksPerSecond : null;

    private static double? ClusterSeconds(int postmaster)
    {
        double? total = null;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }
            if (ReadStat(pid) is { } stat && (pid == postmaster || stat.ParentPid == postmaster))
            {
                total = (total ?? 0) + stat.CpuTicks / TicksPerSecond;
            }
        }
        return total;
    }

    private static (int ParentPid, long CpuTicks)? ReadStat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            return null; // the process ended between listing and reading
        }
        // "pid (comm) state ppid ... utime stime ...": comm may hold spaces, so split after its ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (parent, ticks);
    }

    private static (long Busy, long Total)? MachineTicks()
    {
        try
        {
            // The first line of /proc/stat: "cpu  user nice system idle iowait irq softirq steal ...".
            var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Take(8).Select(field => long.Parse(field, CultureInfo.InvariantCulture)).ToArray();
            var total = fields.Sum();
            var idle = fields[3] + fields[4];
            return (total - idle, total);
        }
        catch (IOException)
        {
            return null;
        }
    }
}

/// <summary>One reading of <see cref="CpuMeter"/>: CPU seconds used so far by each party.</summary>
internal sealed record CpuSample(long Timestamp, double? ServerSeconds, double? PostgresSeconds, double ClientSeconds, (long Busy, long Total)? Machine);

/// <summary>CPU seconds used by each party over a window, and the share of the machine's CPU that was busy.</summary>
internal sealed record CpuUsage(TimeSpan Window, double? ServerSeconds, double? PostgresSeconds, double ClientSeconds, double? MachineBusy)
{
    public static CpuUsage Between(CpuSample start, CpuSample end) => new(
        Stopwatch.GetElapsedTime(start.Timestamp, end.Timestamp),
        end.ServerSeconds - start.ServerSeconds,
        end.PostgresSeconds - start.PostgresSeconds,
        end.ClientSeconds - start.ClientSeconds,
        start.Machine is { } before && end.Machine is { } after && after.Total > before.Total
            ? (double)(after.Busy - before.Busy) / (after.Total - before.Total)
            : null);

    /// <summary>Two windows' CPU as one: seconds added, the machine's busy share weighted by each window's length.</summary>
    public static CpuUsage Sum(CpuUsage first, CpuUsage second) => new(
        first.Window + second.Window,
        first.ServerSeconds + second.ServerSeconds,
        first.PostgresSeconds + second.PostgresSeconds,
        first.ClientSeconds + second.ClientSeconds,
        first.MachineBusy is { } a && second.MachineBusy is { } b
            ? (a * first.Window.TotalSeconds + b * second.Window.TotalSeconds) / (first.Window + second.Window).TotalSeconds
            : null);

    /// <summary>Microseconds of CPU per operation, or null when unknown.</summary>
    public static double? MicrosPerOperation(double? seconds, long operations) =>
        seconds is { } value && operations > 0 ? value * 1e6 / operations : null;
}
