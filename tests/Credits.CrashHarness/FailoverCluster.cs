using Npgsql;

namespace Credits.CrashHarness;

/// <summary>A data node as pg_auto_failover's monitor sees it.</summary>
internal sealed record FailoverNode(string Name, string Host, int Port, string Reported, string Goal)
{
    /// <summary>The keeper reached the state the monitor assigned.</summary>
    public bool Settled => Reported == Goal;
}

/// <summary>
/// The primary and its synchronous standby that tests/failover.sh started under pg_auto_failover:
/// what the monitor says about the nodes, and the fault: the loss of the primary's host, simulated
/// by a SIGKILL of its postmaster (found through <c>postmaster.pid</c> in its data directory; the
/// harness runs on the same machine) and of its pg_autoctl keeper's process group, whose id
/// tests/failover.sh keeps in <c>WORK/NODE.pid</c>. The keeper must die too: alone, a killed
/// postmaster is restarted in place by its keeper within a second, often before the monitor
/// notices, which is crash recovery (the crash harness's subject), not a failover. While
/// <c>WORK/NODE.down</c> exists tests/failover.sh does not restart the keeper; removing it is the
/// host coming back, after which the keeper rewinds the node and rejoins it as standby.
/// </summary>
internal sealed class FailoverCluster(HarnessOptions options)
{
    /// <summary>The data nodes, as <c>pgautofailover.node</c> lists them.</summary>
    public async Task<IReadOnlyList<FailoverNode>> NodesAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(Unpooled(options.FailoverMonitor!));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT nodename, nodehost, nodeport, reportedstate::text, goalstate::text FROM pgautofailover.node ORDER BY nodeid", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var nodes = new List<FailoverNode>();
        while (await reader.ReadAsync(cancellationToken))
        {
            nodes.Add(new FailoverNode(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4)));
        }
        return nodes;
    }

    /// <summary>One node is a settled primary and every other a settled secondary: the state to kill from.</summary>
    public static FailoverNode? HealthyPrimary(IReadOnlyList<FailoverNode> nodes) =>
        nodes.Count >= 2 && nodes.All(node => node.Settled)
            && nodes.Count(node => node.Reported == "primary") == 1
            && nodes.Count(node => node.Reported == "secondary") == nodes.Count - 1
            ? nodes.Single(node => node.Reported == "primary")
            : null;

    /// <summary>
    /// The primary's <c>synchronous_standby_names</c>: it must name the standby, or an acknowledged
    /// commit may exist on the primary alone and die with it.
    /// </summary>
    public async Task<string> SynchronousStandbyNamesAsync(FailoverNode node, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(NodeConnectionString(node));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT current_setting('synchronous_standby_names')", connection);
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>SIGKILLs the node's keeper and postmaster (its backends then exit on their own, as in a crash); returns the postmaster's process id.</summary>
    public async Task<int> LoseHostAsync(FailoverNode node, CancellationToken cancellationToken)
    {
        string dataDirectory;
        await using (var connection = new NpgsqlConnection(NodeConnectionString(node)))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT current_setting('data_directory')", connection);
            dataDirectory = (string)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
        var pidLine = (await File.ReadAllLinesAsync(Path.Combine(dataDirectory, "postmaster.pid"), cancellationToken))[0];
        var pid = int.Parse(pidLine, System.Globalization.CultureInfo.InvariantCulture);
        var group = (await File.ReadAllTextAsync(KeeperFile(node, "pid"), cancellationToken)).Trim();
        await File.WriteAllTextAsync(KeeperFile(node, "down"), "", cancellationToken);
        // The keeper first, so it cannot restart the postmaster; kill(1) takes a process group, .NET does not.
        using (var kill = System.Diagnostics.Process.Start("kill", ["-KILL", "--", "-" + group]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }
        try
        {
            using var postmaster = System.Diagnostics.Process.GetProcessById(pid);
            postmaster.Kill(entireProcessTree: false);
        }
        catch (ArgumentException)
        {
            // Already gone with the keeper's process group.
        }
        return pid;
    }

    /// <summary>The lost host is back: tests/failover.sh starts the node's keeper again.</summary>
    public void RestoreHost(FailoverNode node) => File.Delete(KeeperFile(node, "down"));

    private string KeeperFile(FailoverNode node, string extension) => Path.Combine(options.WorkDirectory, $"{node.Name}.{extension}");

    /// <summary>A direct connection to one node with the credentials of the ledger's connection string.</summary>
    private string NodeConnectionString(FailoverNode node) =>
        new NpgsqlConnectionStringBuilder(options.PgConnectionString)
        {
            Host = node.Host,
            Port = node.Port,
            Pooling = false,
            TargetSessionAttributes = null,
            Timeout = 5,
        }.ConnectionString;

    private static string Unpooled(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 }.ConnectionString;
}
