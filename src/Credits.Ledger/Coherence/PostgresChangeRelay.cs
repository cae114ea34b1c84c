using System.Text;
using Credits.Ledger.Data;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Credits.Ledger.Coherence;

/// <summary>
/// Tells server instances sharing one PostgreSQL database which accounts each of them changed, so
/// that no instance serves a cached balance a peer's commit made stale. Notices travel by
/// <c>NOTIFY</c> after each commit (coalesced while the previous one is on the wire) and arrive by
/// <c>LISTEN</c> on a connection of their own.
/// </summary>
/// <remarks>
/// A notice is sent after the commit, not inside it: PostgreSQL serialises the commits of
/// transactions that notify, which would undo group commit. The price is the one case a notice is
/// lost with its sender (killed between commit and notice), which
/// <see cref="Balances.BalanceCacheOptions.MaxAge"/> bounds. While this instance cannot listen it
/// serves no balance from memory, and it drops them all when it listens again.
/// </remarks>
public sealed partial class PostgresChangeRelay(LedgerDatabase database, AccountChanges changes, ILogger<PostgresChangeRelay> logger)
{
    /// <summary>The notification channel.</summary>
    public const string Channel = "credits_account_changes";

    /// <summary>PostgreSQL refuses payloads of 8,000 bytes or more.</summary>
    internal const int PayloadCharsMax = 7_000;

    /// <summary>Stands for every account; never an account id, which starts with its kind.</summary>
    internal const string Everything = "*";

    /// <summary>
    /// The least time between two notices: changes made meanwhile travel in the next one. Peers hear
    /// of a change this much later at worst, and a busy instance sends at most 200 notices a second
    /// instead of one per batch (each is a transaction for PostgreSQL and a wake-up for every peer).
    /// </summary>
    internal static readonly TimeSpan NoticeInterval = TimeSpan.FromMilliseconds(5);

    private static readonly TimeSpan RetryDelayFirst = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan RetryDelayMax = TimeSpan.FromSeconds(15);

    /// <summary>Marks this instance's notices, which it ignores when they come back.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>What the relay's connections are called in <c>pg_stat_activity</c>.</summary>
    public string ApplicationName => "credits-ledger relay " + InstanceId;

    /// <summary>Listens and sends until <paramref name="cancellationToken"/> is cancelled, reconnecting after failures.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.Postgres)
        {
            throw new InvalidOperationException("Only PostgreSQL is shared by server instances; SQLite serves one process.");
        }
        changes.StartRelaying();
        try
        {
            await Task.WhenAll(ListenAsync(cancellationToken), SendAsync(cancellationToken));
        }
        finally
        {
            // Deaf from here on: serve nothing more from memory.
            changes.PeersHeard(false);
        }
    }

    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        var delay = RetryDelayFirst;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await database.OpenDedicatedConnectionAsync(ApplicationName, cancellationToken);
                connection.Notification += (_, notice) => Receive(notice.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }
                changes.PeersHeard(true);
                LogListening(Channel);
                delay = RetryDelayFirst;
                while (true)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                changes.PeersHeard(false);
                LogListenFailed(error, delay);
            }
            delay = await PauseAsync(delay, cancellationToken);
        }
    }

    private async Task SendAsync(CancellationToken cancellationToken)
    {
        var delay = RetryDelayFirst;
        NpgsqlConnection? connection = null;
        try
        {
            while (true)
            {
                var accounts = await changes.TakeForPeersAsync(cancellationToken);
                try
                {
                    connection ??= await OpenSenderAsync(cancellationToken);
                    await using var batch = new NpgsqlBatch(connection);
                    foreach (var payload in Payloads(InstanceId, accounts))
                    {
                        batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT pg_notify($1, $2)")
                        {
                            Parameters = { new NpgsqlParameter { Value = Channel }, new NpgsqlParameter { Value = payload } },
                        });
                    }
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                    delay = RetryDelayFirst;
                    await Task.Delay(NoticeInterval, cancellationToken);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    changes.ReturnForPeers(accounts);
                    if (connection is not null)
                    {
                        await connection.DisposeAsync();
                        connection = null;
                    }
                    LogSendFailed(error, delay);
                    delay = await PauseAsync(delay, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            if (connection is not null)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task<NpgsqlConnection> OpenSenderAsync(CancellationToken cancellationToken)
    {
        var connection = await database.OpenDedicatedConnectionAsync(ApplicationName, cancellationToken);
        // A notice needs no durability (its receiver's cache dies with a crash too), so its commit
        // does not wait for the WAL flush. The connection is never pooled: the setting stays here.
        await using var setting = new NpgsqlCommand("SET synchronous_commit = off", connection);
        await setting.ExecuteNonQueryAsync(cancellationToken);
        return connection;
    }

    /// <summary>The notices announcing <paramref name="accounts"/> (null: everything), each under PostgreSQL's size limit.</summary>
    internal static IEnumerable<string> Payloads(string instanceId, IReadOnlyCollection<string>? accounts)
    {
        if (accounts is null)
        {
            yield return instanceId + "\n" + Everything;
            yield break;
        }
        var payload = new StringBuilder(instanceId);
        foreach (var accountId in accounts)
        {
            if (payload.Length + 1 + accountId.Length > PayloadCharsMax)
            {
                yield return payload.ToString();
                payload.Clear().Append(instanceId);
            }
            payload.Append('\n').Append(accountId);
        }
        if (payload.Length > instanceId.Length)
        {
            yield return payload.ToString();
        }
    }

    private void Receive(string payload)
    {
        var lines = payload.Split('\n');
        if (lines[0] == InstanceId)
        {
            return;
        }
        if (lines.Length == 2 && lines[1] == Everything)
        {
            changes.PeersHeard(true);
            return;
        }
        changes.ChangedElsewhere(lines.Skip(1));
    }

    private static async Task<TimeSpan> PauseAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        await Task.Delay(delay, cancellationToken);
        return delay * 2 < RetryDelayMax ? delay * 2 : RetryDelayMax;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for peers' account changes on {Channel}; balances may be served from memory")]
    private partial void LogListening(string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost peers' account changes; every balance is read from the database until listening again in {Delay}")]
    private partial void LogListenFailed(Exception error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not tell peers about account changes; retrying in {Delay}")]
    private partial void LogSendFailed(Exception error, TimeSpan delay);
}
