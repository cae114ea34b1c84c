using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Data;

namespace Credits.Ledger.Payments;

/// <summary>
/// Serialises the handling of one payment, so that two events about it (or one event delivered
/// twice at once) never decide on the same state. On PostgreSQL it is a transaction-scoped advisory
/// lock on a dedicated connection, which holds across server instances; the ledger commands sent
/// meanwhile run in their own transactions. SQLite is reached by one process only, so an in-process
/// gate per payment serves, where a database lock would deadlock with the ledger's write transaction.
/// </summary>
internal sealed class PaymentLocks(LedgerDatabase database)
{
    // Keeps payment locks apart from any other advisory lock that may share the database.
    private const string LockNamespace = "credits.payments:";

    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    public async Task<IAsyncDisposable> AcquireAsync(string paymentId, CancellationToken cancellationToken) =>
        database.Provider == DatabaseProvider.Postgres
            ? await AcquireAdvisoryAsync(paymentId, cancellationToken)
            : await AcquireGateAsync(paymentId, cancellationToken);

    private async Task<IAsyncDisposable> AcquireAdvisoryAsync(string paymentId, CancellationToken cancellationToken)
    {
        var connection = await database.OpenConnectionAsync(cancellationToken);
        DbTransaction? transaction = null;
        try
        {
            transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = "SELECT pg_advisory_xact_lock(@key)";
            var key = command.CreateParameter();
            key.ParameterName = "key";
            key.Value = LockKey(paymentId);
            command.Parameters.Add(key);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new AdvisoryLock(connection, transaction);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A stable 64-bit key for the payment, the same in every process.</summary>
    private static long LockKey(string paymentId) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(LockNamespace + paymentId)));

    private async Task<IAsyncDisposable> AcquireGateAsync(string paymentId, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(paymentId, out gate!))
            {
                gate = new Gate();
                _gates.Add(paymentId, gate);
            }
            gate.Users++;
        }
        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(paymentId, gate);
            throw;
        }
        return new GateLock(this, paymentId, gate);
    }

    // The gate is dropped when its last user leaves, so the table holds only payments in progress.
    private void Leave(string paymentId, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(paymentId);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class GateLock(PaymentLocks owner, string paymentId, Gate gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Semaphore.Release();
            owner.Leave(paymentId, gate);
            return ValueTask.CompletedTask;
        }
    }

    private sealed class AdvisoryLock(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                // The transaction holds nothing but the lock; ending it releases the lock. If the
                // connection broke meanwhile, PostgreSQL released the lock already.
                await transaction.RollbackAsync();
            }
            catch (Exception error) when (error is DbException or InvalidOperationException)
            {
                // Nothing to release: the server dropped the lock with the connection.
            }
            finally
            {
                await transaction.DisposeAsync();
                await connection.DisposeAsync();
            }
        }
    }
}
