using System.Data;
using System.Data.Common;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Journal;

namespace Credits.Ledger.Data;

/// <summary>
/// Fills the hash chain of journal entries stored without one, account by account, in sequence
/// order, each batch of entries in its own short transaction. An account's <c>last_hash</c> is set
/// with its last batch, so the accounts still to do are those with entries and no last hash;
/// within an account, the hashed entries are always a prefix, so the work resumes after the last
/// hashed entry. The hashes are the ones live writing computes (<see cref="JournalChain"/>).
/// </summary>
internal static class JournalChainBackfill
{
    /// <summary>Entries hashed and written per transaction.</summary>
    public const int EntriesPerTransaction = 1000;

    /// <summary>Accounts listed per query.</summary>
    private const int AccountsPerPage = 500;

    private const string EntryColumns = "account_id, sequence, kind, amount, available_after, held_after, lot_id, hold_id, parts_json, "
                                        + "feature, actor, idempotency_key, metadata_json, bucket, reference, created_at_ms, owed_after, hash";

    /// <summary>Back-fills every account that needs it; returns how many entries were hashed.</summary>
    public static long Run(DbConnection connection, int entriesPerTransaction = EntriesPerTransaction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(entriesPerTransaction, 1);
        if (connection.State != ConnectionState.Open)
        {
            connection.Open();
        }
        long hashed = 0;
        var after = "";
        while (true)
        {
            var accounts = new List<string>();
            using (var command = Command(connection, null,
                       "SELECT account_id FROM accounts WHERE last_hash IS NULL AND last_sequence > 0 AND account_id > @after "
                       + $"ORDER BY account_id LIMIT {AccountsPerPage}", ("after", after)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    accounts.Add(reader.GetString(0));
                }
            }
            if (accounts.Count == 0)
            {
                return hashed;
            }
            foreach (var accountId in accounts)
            {
                hashed += BackfillAccount(connection, accountId, entriesPerTransaction);
            }
            after = accounts[^1];
        }
    }

    private static long BackfillAccount(DbConnection connection, string accountId, int entriesPerTransaction)
    {
        var (sequence, previous) = LastHashed(connection, accountId);
        long hashed = 0;
        while (true)
        {
            using var transaction = connection.BeginTransaction();
            var entries = new List<JournalEntry>();
            using (var command = Command(connection, transaction,
                       $"SELECT {EntryColumns} FROM journal WHERE account_id = @account AND sequence > @after ORDER BY sequence "
                       + $"LIMIT {entriesPerTransaction}", ("account", accountId), ("after", sequence)))
            using (var reader = command.ExecuteReader())
            {
                while (reader.Read())
                {
                    entries.Add(Read(reader).ToEntry());
                }
            }
            foreach (var entry in entries)
            {
                if (entry.Sequence != sequence + 1)
                {
                    throw new InvalidDataException($"Account {accountId}'s journal jumps from sequence {sequence} to {entry.Sequence}.");
                }
                previous = JournalChain.Next(previous, entry);
                sequence = entry.Sequence;
                using var update = Command(connection, transaction, "UPDATE journal SET hash = @hash WHERE account_id = @account AND sequence = @sequence",
                    ("hash", previous), ("account", accountId), ("sequence", sequence));
                update.ExecuteNonQuery();
            }
            hashed += entries.Count;
            if (entries.Count < entriesPerTransaction)
            {
                // The account's last batch also records its last hash: the account is done.
                using var done = Command(connection, transaction, "UPDATE accounts SET last_hash = @hash WHERE account_id = @account",
                    ("hash", previous), ("account", accountId));
                done.ExecuteNonQuery();
                transaction.Commit();
                return hashed;
            }
            transaction.Commit();
        }
    }

    /// <summary>The last entry that already has a hash (a previous run's progress), or the genesis.</summary>
    private static (long Sequence, byte[] Hash) LastHashed(DbConnection connection, string accountId)
    {
        using var command = Command(connection, null,
            "SELECT sequence, hash FROM journal WHERE account_id = @account AND hash IS NOT NULL ORDER BY sequence DESC LIMIT 1",
            ("account", accountId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetInt64(0), (byte[])reader.GetValue(1)) : (0, JournalChain.Genesis.ToArray());
    }

    private static JournalRow Read(DbDataReader reader) => new()
    {
        AccountId = reader.GetString(0),
        Sequence = reader.GetInt64(1),
        Kind = reader.GetInt32(2),
        Amount = reader.GetInt64(3),
        AvailableAfter = reader.GetInt64(4),
        HeldAfter = reader.GetInt64(5),
        LotId = reader.GetString(6),
        HoldId = reader.GetString(7),
        PartsJson = reader.GetString(8),
        Feature = reader.GetString(9),
        Actor = reader.GetString(10),
        IdempotencyKey = reader.GetString(11),
        MetadataJson = reader.GetString(12),
        Bucket = reader.IsDBNull(13) ? null : reader.GetInt32(13),
        Reference = reader.GetString(14),
        CreatedAtMs = reader.GetInt64(15),
        OwedAfter = reader.GetInt64(16),
    };

    private static DbCommand Command(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value;
            command.Parameters.Add(parameter);
        }
        return command;
    }
}
