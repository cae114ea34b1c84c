using System.Buffers.Binary;
using System.Data.Common;
using System.Security.Cryptography;
using System.Text;

namespace Credits.Ledger.Data;

// Serialises the handling of one payment or one subscription, so that two reports about it (or
// one report delivered twice at once) never decide on the same state. On PostgreSQL it is a
// transaction-scoped advisory lock on a dedicated connection, which holds across server instances;
// the ledger commands sent meanwhile run in their own transactions. SQLite is reached by one
// process only, so an in-process gate per object serves, where a database lock would deadlock with
// the ledger's write transaction.
internal sealed class ProviderLocks(LedgerDatabase database)
{
    // Keeps these locks apart from any other advisory lock that may share the database. The name
    // predates subscriptions; it stays so that servers of different versions running side by side
    // during a deployment still take the same lock for the same object.
    private const string LockNamespace = "credits.payments:";

    // Subscription ids and payment ids come from different id spaces; the prefix keeps them apart.
    private const string SubscriptionPrefix = "subscription:";

    private readonly Dictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    public Task<IAsyncDisposable> ForPaymentAsync(string paymentId, CancellationToken cancellationToken) =>
        AcquireAsync(paymentId, cancellationToken);

    public Task<IAsyncDisposable> ForSubscriptionAsync(string subscriptionId, CancellationToken cancellationToken) =>
        AcquireAsync(SubscriptionPrefix + subscriptionId, cancellationToken);

    private async Task<IAsyncDisposable> AcquireAsync(string name, CancellationToken cancellationToken) =>
        database.Provider == DatabaseProvider.Postgres
            ? await AcquireAdvisoryAsync(name, cancellationToken)
            : await AcquireGateAsync(name, cancellationToken);

    private async Task<IAsyncDisposable> AcquireAdvisoryAsync(string name, CancellationToken cancellationToken)
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
            key.Value = LockKey(name);
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

    // A stable 64-bit key for the object, the same in every process.
    private static long LockKey(string name) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(LockNamespace + name)));

    private async Task<IAsyncDisposable> AcquireGateAsync(string name, CancellationToken cancellationToken)
    {
        Gate gate;
        lock (_gates)
        {
            if (!_gates.TryGetValue(name, out gate!))
            {
                gate = new Gate();
                _gates.Add(name, gate);
            }
            gate.Users++;
        }
        try
        {
            await gate.Semaphore.WaitAsync(cancellationToken);
        }
        catch
        {
            Leave(name, gate);
            throw;
        }
        return new GateLock(this, name, gate);
    }

    // The gate is dropped when its last user leaves, so the table holds only objects in progress.
    private void Leave(string name, Gate gate)
    {
        lock (_gates)
        {
            if (--gate.Users == 0)
            {
                _gates.Remove(name);
                gate.Semaphore.Dispose();
            }
        }
    }

    private sealed class Gate
    {
        public SemaphoreSlim Semaphore { get; } = new(1, 1);

        public int Users { get; set; }
    }

    private sealed class GateLock(ProviderLocks owner, string name, Gate gate) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            gate.Semaphore.Release();
            owner.Leave(name, gate);
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
