using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace Credits.Bench.Baselines;

/// <summary>
/// The database floor of a Reserve+Commit pair: the statements the two operations need, written by
/// hand with Npgsql on the <c>bench_*</c> tables, one transaction per operation, from the benchmark
/// process (no server, no gRPC). Like the ledger, a Reserve names the account and a Commit only the
/// hold, and both keep the account's journal sequence.
/// <list type="bullet">
/// <item>Reserve: the conditional balance update (which also takes the next journal sequence), then
/// the hold, journal and idempotency-key inserts sent together in one batch, then COMMIT.</item>
/// <item>Commit: the hold's state update (by hold id, only while active), the balance update, the
/// journal insert, then COMMIT.</item>
/// </list>
/// </summary>
internal sealed class RawSqlBaseline : IAsyncDisposable
{
    public const string Name = "raw SQL Reserve+Commit";

    private const string Actor = "bench";
    private const int ReserveKind = 2;
    private const int CommitKind = 3;
    private const int CommittedState = 1;
    private static readonly long HoldTtlMs = (long)TimeSpan.FromMinutes(5).TotalMilliseconds;
    private static readonly long KeyRetentionMs = (long)TimeSpan.FromDays(7).TotalMilliseconds;

    private const string ReserveBalance =
        "UPDATE bench_accounts SET available = available - $2, held = held + $2, last_sequence = last_sequence + 1, updated_at_ms = $3 " +
        "WHERE account_id = $1 AND available >= $2 RETURNING last_sequence, available, held";

    private const string InsertHold =
        "INSERT INTO bench_holds (account_id, hold_id, amount, state, committed, released, parts_json, feature, expires_at_ms, created_at_ms, ended_at_ms) " +
        "VALUES ($1, $2, $3, 0, 0, 0, $4, '', $5, $6, NULL)";

    private const string InsertJournal =
        "INSERT INTO bench_journal (account_id, sequence, kind, amount, available_after, held_after, lot_id, hold_id, parts_json, feature, actor, " +
        "idempotency_key, metadata_json, bucket, reference, created_at_ms) " +
        "VALUES ($1, $2, $3, $4, $5, $6, '', $7, $8, '', $9, $10, '{}', NULL, '', $11)";

    private const string InsertKey =
        "INSERT INTO bench_idempotency_keys (account_id, caller, idempotency_key, fingerprint, response_json, created_at_ms, expires_at_ms) " +
        "VALUES ($1, $2, $3, $4, $5, $6, $7)";

    private const string CommitHold =
        "UPDATE bench_holds SET state = $2, committed = amount, ended_at_ms = $3 WHERE hold_id = $1 AND state = 0 RETURNING account_id, amount";

    private const string CommitBalance =
        "UPDATE bench_accounts SET held = held - $2, last_sequence = last_sequence + 1, updated_at_ms = $3 " +
        "WHERE account_id = $1 RETURNING last_sequence, available, held";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>A pool of <paramref name="callers"/> connections to the scenario's database.</summary>
    public RawSqlBaseline(string connectionString, int callers)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = callers + 2, Pooling = true };
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
    }

    /// <summary>One caller's operation: a Reserve transaction of one credit on an account from <paramref name="nextAccount"/>, then a Commit transaction of the hold.</summary>
    public Measurement.Operation Create(string keyPrefix, Func<string> nextAccount)
    {
        ArgumentNullException.ThrowIfNull(keyPrefix);
        ArgumentNullException.ThrowIfNull(nextAccount);
        long counter = 0;
        return async cancellationToken =>
        {
            var key = keyPrefix + (counter++).ToString(CultureInfo.InvariantCulture);
            var holdId = "hold_" + Guid.NewGuid().ToString("N");
            await ReserveAsync(nextAccount(), holdId, key, amount: 1, cancellationToken);
            await CommitAsync(holdId, cancellationToken);
        };
    }

    public ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private async Task ReserveAsync(string accountId, string holdId, string key, long amount, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var parts = $"[{{\"lotId\":\"lot_{accountId}\",\"amount\":{amount.ToString(CultureInfo.InvariantCulture)}}}]";
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        long sequence, available, held;
        await using (var update = new NpgsqlCommand(ReserveBalance, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<string> { TypedValue = accountId });
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = amount });
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now });
            await using var reader = await update.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Raw reserve: {accountId} has fewer than {amount} credits available.");
            }
            (sequence, available, held) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        var response = $"{{\"holdId\":\"{holdId}\",\"amount\":{amount.ToString(CultureInfo.InvariantCulture)},\"expiresAt\":{(now + HoldTtlMs).ToString(CultureInfo.InvariantCulture)}," +
                       $"\"available\":{available.ToString(CultureInfo.InvariantCulture)},\"held\":{held.ToString(CultureInfo.InvariantCulture)}}}";
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command(InsertHold, accountId, holdId, amount, parts, now + HoldTtlMs, now),
                Command(InsertJournal, accountId, sequence, ReserveKind, 0L, available, held, holdId, parts, Actor, key, now),
                Command(InsertKey, accountId, Actor, key, fingerprint, response, now, now + KeyRetentionMs),
            },
        };
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task CommitAsync(string holdId, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        string accountId;
        long amount;
        await using (var hold = new NpgsqlCommand(CommitHold, connection, transaction))
        {
            hold.Parameters.Add(new NpgsqlParameter<string> { TypedValue = holdId });
            hold.Parameters.Add(new NpgsqlParameter<int> { TypedValue = CommittedState });
            hold.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now });
            await using var reader = await hold.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Raw commit: hold {holdId} is not active.");
            }
            (accountId, amount) = (reader.GetString(0), reader.GetInt64(1));
        }

        long sequence, available, held;
        await using (var balance = new NpgsqlCommand(CommitBalance, connection, transaction))
        {
            balance.Parameters.Add(new NpgsqlParameter<string> { TypedValue = accountId });
            balance.Parameters.Add(new NpgsqlParameter<long> { TypedValue = amount });
            balance.Parameters.Add(new NpgsqlParameter<long> { TypedValue = now });
            await using var reader = await balance.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                throw new InvalidOperationException($"Raw commit: account {accountId} is gone.");
            }
            (sequence, available, held) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        }

        var parts = $"[{{\"lotId\":\"lot_{accountId}\",\"amount\":{amount.ToString(CultureInfo.InvariantCulture)}}}]";
        await using (var journal = new NpgsqlCommand(InsertJournal, connection, transaction))
        {
            Bind(journal.Parameters, accountId, sequence, CommitKind, -amount, available, held, holdId, parts, Actor, "", now);
            await journal.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        Bind(command.Parameters, values);
        return command;
    }

    private static void Bind(NpgsqlParameterCollection parameters, params object[] values)
    {
        foreach (var value in values)
        {
            parameters.Add(value switch
            {
                string text => new NpgsqlParameter<string> { TypedValue = text },
                long number => new NpgsqlParameter<long> { TypedValue = number },
                int number => new NpgsqlParameter<int> { TypedValue = number },
                _ => throw new ArgumentException($"Unsupported parameter type {value.GetType().Name}.", nameof(values)),
            });
        }
    }
}
