using System.Data;
using Credits.Ledger.Data;
using Credits.Ledger.Verification;
using Npgsql;

namespace Credits.CrashHarness;

/// <summary>What the audit found: each failure is a line under one of three headings.</summary>
internal sealed class AuditReport
{
    /// <summary>Acknowledged operations missing from the database (or recorded differently).</summary>
    public List<string> Lost { get; } = [];

    /// <summary>Operations applied more than once, or applied without being acknowledged.</summary>
    public List<string> Doubled { get; } = [];

    /// <summary>Broken invariants: LedgerVerifier, conservation, and wrong answers seen while running.</summary>
    public List<string> Violations { get; } = [];

    /// <summary>
    /// Acknowledged operations whose change the database stamped before the attempt that got the
    /// answer was sent: applied by an earlier attempt whose answer the crash lost, then answered from
    /// what the ledger recorded. Evidence that the faults hit the window that matters.
    /// </summary>
    public long AppliedByEarlierAttempt { get; set; }

    public long JournalEntries { get; set; }
    public long LotExpiryEntries { get; set; }
    public long LotExpiryCredits { get; set; }
    public long HoldExpiryEntries { get; set; }
    public long AccountsChecked { get; set; }
    public long CreditsGranted { get; set; }
    public long CreditsCommitted { get; set; }
    public long CreditsRemaining { get; set; }
}

/// <summary>
/// Compares what the callers were told with what PostgreSQL holds, reading every table in one
/// REPEATABLE READ snapshot (the expiry sweeper may still run), then runs <see cref="LedgerVerifier"/>.
/// <list type="bullet">
/// <item>Exactly once: each acknowledged Grant key has exactly one grant entry (kind 1) on its account,
/// naming the acknowledged lot; each acknowledged Reserve key exactly one reserve entry (kind 2) naming
/// the acknowledged hold; refused keys have none; no entry carries a key the harness never sent, and
/// no lot or hold exists that no acknowledgement names.</item>
/// <item>Present: each acknowledged lot and hold exists with its amount; a committed hold is in state 1
/// with the acknowledged committed and released amounts and exactly one commit entry (kind 3, -committed);
/// a released hold is in state 2 (3 if it had expired) with exactly one release entry.</item>
/// <item>Conservation, per account: acknowledged grants - acknowledged commits + journalled lot expiries
/// (negative) = available + held. The harness never abandons a request, so no operation can be applied
/// without an acknowledgement; accounts with abandoned requests (a run out of time, which fails anyway)
/// are left out and named.</item>
/// </list>
/// </summary>
internal sealed class Audit(string connectionString, Acknowledgements acks, IReadOnlyList<string> accounts)
{
    private const int GrantKind = 1;
    private const int ReserveKind = 2;
    private const int CommitKind = 3;
    private const int ReleaseKind = 4;
    private const int HoldExpireKind = 5;
    private const int LotExpireKind = 6;
    private const int CommittedState = 1;
    private const int ReleasedState = 2;
    private const int ExpiredState = 3;

    private sealed record Entry(string AccountId, long Sequence, int Kind, long Amount, string LotId, string HoldId, string Key, long CreatedAtMs);

    private sealed record LotRow(string AccountId, string LotId, long Amount);

    private sealed record HoldRow(string AccountId, string HoldId, long Amount, int State, long Committed, long Released);

    public async Task<AuditReport> RunAsync(CancellationToken cancellationToken)
    {
        var report = new AuditReport();
        var entries = new List<Entry>();
        var lots = new List<LotRow>();
        var holds = new List<HoldRow>();
        var balances = new Dictionary<string, (long Available, long Held)>(StringComparer.Ordinal);

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
            await ReadAsync(connection, "SELECT account_id, sequence, kind, amount, lot_id, hold_id, idempotency_key, created_at_ms FROM journal", reader =>
                entries.Add(new Entry(reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt64(3), reader.GetString(4), reader.GetString(5), reader.GetString(6), reader.GetInt64(7))), cancellationToken);
            await ReadAsync(connection, "SELECT account_id, lot_id, amount FROM lots", reader =>
                lots.Add(new LotRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2))), cancellationToken);
            await ReadAsync(connection, "SELECT account_id, hold_id, amount, state, committed, released FROM holds", reader =>
                holds.Add(new HoldRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetInt64(5))), cancellationToken);
            await ReadAsync(connection, "SELECT account_id, available, held FROM accounts", reader =>
                balances[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2)), cancellationToken);
            await snapshot.CommitAsync(cancellationToken);
        }
        report.JournalEntries = entries.Count;

        CheckKeys(report, entries, lots, holds);
        CheckHoldEndings(report, entries, holds);
        CheckConservation(report, entries, balances);

        await CheckUsageCaughtUpAsync(report, cancellationToken);
        var verifier = new LedgerVerifier(new LedgerDatabase(DatabaseProvider.Postgres, connectionString));
        foreach (var violation in await verifier.VerifyAsync(cancellationToken))
        {
            report.Violations.Add($"LedgerVerifier: {violation}");
        }
        return report;
    }

    private void CheckKeys(AuditReport report, List<Entry> entries, List<LotRow> lots, List<HoldRow> holds)
    {
        var keyed = entries.Where(entry => entry.Key.Length > 0)
            .ToLookup(entry => (entry.AccountId, entry.Key));
        var lotsById = lots.ToDictionary(lot => (lot.AccountId, lot.LotId));
        var holdsById = holds.ToDictionary(hold => hold.HoldId, StringComparer.Ordinal);

        foreach (var grant in acks.Grants)
        {
            var rows = keyed[(grant.AccountId, grant.Key)].Where(entry => entry.Kind == GrantKind).ToList();
            if (rows.Count == 0)
            {
                report.Lost.Add($"grant {grant.Key} ({grant.Amount} to {grant.AccountId}, lot {grant.LotId}) was acknowledged but has no journal entry");
            }
            else if (rows.Count > 1)
            {
                report.Doubled.Add($"grant {grant.Key} on {grant.AccountId} has {rows.Count} journal entries (sequences {string.Join(", ", rows.Select(row => row.Sequence))})");
            }
            else if (rows[0].LotId != grant.LotId || rows[0].Amount != grant.Amount)
            {
                report.Lost.Add($"grant {grant.Key} was acknowledged as lot {grant.LotId} of {grant.Amount}, the journal says lot {rows[0].LotId} of {rows[0].Amount}");
            }
            else
            {
                CountEarlier(report, grant.Delivery, rows[0]);
            }
            if (!lotsById.TryGetValue((grant.AccountId, grant.LotId), out var lot))
            {
                report.Lost.Add($"lot {grant.LotId} of grant {grant.Key} on {grant.AccountId} does not exist");
            }
            else if (lot.Amount != grant.Amount)
            {
                report.Lost.Add($"lot {grant.LotId} of grant {grant.Key} holds {lot.Amount}, acknowledged {grant.Amount}");
            }
        }

        foreach (var reserve in acks.Reserves)
        {
            var rows = keyed[(reserve.AccountId, reserve.Key)].Where(entry => entry.Kind == ReserveKind).ToList();
            if (rows.Count == 0)
            {
                report.Lost.Add($"reserve {reserve.Key} ({reserve.Amount} on {reserve.AccountId}, hold {reserve.HoldId}) was acknowledged but has no journal entry");
            }
            else if (rows.Count > 1)
            {
                report.Doubled.Add($"reserve {reserve.Key} on {reserve.AccountId} has {rows.Count} journal entries (sequences {string.Join(", ", rows.Select(row => row.Sequence))})");
            }
            else if (rows[0].HoldId != reserve.HoldId)
            {
                report.Lost.Add($"reserve {reserve.Key} was acknowledged as hold {reserve.HoldId}, the journal says {rows[0].HoldId}");
            }
            else
            {
                CountEarlier(report, reserve.Delivery, rows[0]);
            }
            if (!holdsById.TryGetValue(reserve.HoldId, out var hold) || hold.AccountId != reserve.AccountId)
            {
                report.Lost.Add($"hold {reserve.HoldId} of reserve {reserve.Key} on {reserve.AccountId} does not exist");
            }
            else if (hold.Amount != reserve.Amount)
            {
                report.Lost.Add($"hold {reserve.HoldId} of reserve {reserve.Key} holds {hold.Amount}, acknowledged {reserve.Amount}");
            }
        }

        foreach (var refused in acks.Refused)
        {
            var applied = keyed[(refused.AccountId, refused.Key)].ToList();
            if (applied.Count > 0)
            {
                report.Doubled.Add($"{refused.Rpc} {refused.Key} was refused ({refused.Reason}) but has {applied.Count} journal entries");
            }
        }

        // Nothing the harness did not ask for: every key in the journal was sent, and every lot and
        // hold is one an answer named.
        foreach (var group in keyed)
        {
            if (!acks.SentKeys.TryGetValue(group.Key.Key, out var account) || account != group.Key.AccountId)
            {
                report.Doubled.Add($"{group.Count()} journal entries on {group.Key.AccountId} carry the key {group.Key.Key}, which the harness never sent there");
            }
        }
        var abandonedAccounts = acks.Abandoned.Select(item => item.AccountId).ToHashSet(StringComparer.Ordinal);
        var ackedLots = acks.Grants.Select(grant => (grant.AccountId, grant.LotId)).ToHashSet();
        foreach (var lot in lots.Where(lot => !ackedLots.Contains((lot.AccountId, lot.LotId)) && !abandonedAccounts.Contains(lot.AccountId)))
        {
            report.Doubled.Add($"lot {lot.LotId} of {lot.Amount} on {lot.AccountId} was never acknowledged");
        }
        var ackedHolds = acks.Reserves.Select(reserve => reserve.HoldId).ToHashSet(StringComparer.Ordinal);
        foreach (var hold in holds.Where(hold => !ackedHolds.Contains(hold.HoldId) && !abandonedAccounts.Contains(hold.AccountId)))
        {
            report.Doubled.Add($"hold {hold.HoldId} of {hold.Amount} on {hold.AccountId} (state {hold.State}) was never acknowledged");
        }
    }

    private void CheckHoldEndings(AuditReport report, List<Entry> entries, List<HoldRow> holds)
    {
        var holdsById = holds.ToDictionary(hold => hold.HoldId, StringComparer.Ordinal);
        var endings = entries.Where(entry => entry.Kind is CommitKind or ReleaseKind or HoldExpireKind)
            .ToLookup(entry => entry.HoldId, StringComparer.Ordinal);
        report.HoldExpiryEntries = entries.Count(entry => entry.Kind == HoldExpireKind);

        foreach (var commit in acks.Commits)
        {
            var rows = endings[commit.HoldId].ToList();
            var commits = rows.Where(row => row.Kind == CommitKind).ToList();
            if (!holdsById.TryGetValue(commit.HoldId, out var hold))
            {
                report.Lost.Add($"committed hold {commit.HoldId} on {commit.AccountId} does not exist");
                continue;
            }
            if (hold.State != CommittedState || hold.Committed != commit.Committed || hold.Released != commit.Released)
            {
                report.Lost.Add($"hold {commit.HoldId} was acknowledged committed {commit.Committed}/released {commit.Released}, " +
                    $"the database says state {hold.State}, committed {hold.Committed}, released {hold.Released}");
            }
            if (commits.Count > 1 || rows.Count > 1)
            {
                report.Doubled.Add($"hold {commit.HoldId} has {commits.Count} commit entries and {rows.Count - commits.Count} other endings");
            }
            else if (commits.Count == 0)
            {
                report.Lost.Add($"commit of hold {commit.HoldId} was acknowledged but has no journal entry");
            }
            else if (commits[0].Amount != -commit.Committed)
            {
                report.Lost.Add($"commit of hold {commit.HoldId} was acknowledged as {commit.Committed}, the journal entry says {commits[0].Amount}");
            }
            else
            {
                CountEarlier(report, commit.Delivery, commits[0]);
            }
        }

        foreach (var release in acks.Releases)
        {
            var rows = endings[release.HoldId].ToList();
            if (!holdsById.TryGetValue(release.HoldId, out var hold))
            {
                report.Lost.Add($"released hold {release.HoldId} on {release.AccountId} does not exist");
                continue;
            }
            if (hold.State is not (ReleasedState or ExpiredState) || hold.Committed != 0)
            {
                report.Lost.Add($"hold {release.HoldId} was acknowledged released, the database says state {hold.State}, committed {hold.Committed}");
            }
            if (rows.Count > 1)
            {
                report.Doubled.Add($"hold {release.HoldId} has {rows.Count} ending entries (kinds {string.Join(", ", rows.Select(row => row.Kind))})");
            }
            else if (rows.Count == 0 || rows[0].Kind is not (ReleaseKind or HoldExpireKind))
            {
                report.Lost.Add($"release of hold {release.HoldId} was acknowledged but has no release entry");
            }
            else
            {
                CountEarlier(report, release.Delivery, rows[0]);
            }
        }

        var ended = acks.Commits.Select(commit => commit.HoldId).Concat(acks.Releases.Select(release => release.HoldId)).ToHashSet(StringComparer.Ordinal);
        foreach (var reserve in acks.Reserves.Where(reserve => !ended.Contains(reserve.HoldId)))
        {
            if (!acks.Abandoned.Any(item => item.AccountId == reserve.AccountId))
            {
                report.Violations.Add($"hold {reserve.HoldId} on {reserve.AccountId} was reserved but never committed or released by the harness");
            }
        }
    }

    private void CheckConservation(AuditReport report, List<Entry> entries, Dictionary<string, (long Available, long Held)> balances)
    {
        var abandoned = acks.Abandoned.Select(item => item.AccountId).ToHashSet(StringComparer.Ordinal);
        var granted = acks.Grants.GroupBy(grant => grant.AccountId).ToDictionary(group => group.Key, group => group.Sum(grant => grant.Amount), StringComparer.Ordinal);
        var committed = acks.Commits.GroupBy(commit => commit.AccountId).ToDictionary(group => group.Key, group => group.Sum(commit => commit.Committed), StringComparer.Ordinal);
        var expired = entries.Where(entry => entry.Kind == LotExpireKind)
            .GroupBy(entry => entry.AccountId)
            .ToDictionary(group => group.Key, group => group.Sum(entry => entry.Amount), StringComparer.Ordinal);
        report.LotExpiryEntries = entries.Count(entry => entry.Kind == LotExpireKind);
        report.LotExpiryCredits = -expired.Values.Sum();

        var unexplained = entries.Where(entry => entry.Amount != 0 && entry.Kind is not (GrantKind or CommitKind or LotExpireKind)).ToList();
        foreach (var entry in unexplained)
        {
            report.Violations.Add($"{entry.AccountId}: journal entry {entry.Sequence} of kind {entry.Kind} changes the total by {entry.Amount}; the workload does nothing that should");
        }

        foreach (var account in accounts.Union(balances.Keys, StringComparer.Ordinal))
        {
            if (abandoned.Contains(account))
            {
                report.Violations.Add($"{account}: not balanced, a request on it was abandoned when the harness ran out of time");
                continue;
            }
            report.AccountsChecked++;
            var expected = granted.GetValueOrDefault(account) - committed.GetValueOrDefault(account) + expired.GetValueOrDefault(account);
            var (available, held) = balances.GetValueOrDefault(account);
            if (expected != available + held)
            {
                report.Violations.Add($"{account}: acknowledged grants {granted.GetValueOrDefault(account)} - commits {committed.GetValueOrDefault(account)} " +
                    $"- lot expiries {-expired.GetValueOrDefault(account)} = {expected}, but available {available} + held {held} = {available + held}");
            }
        }
        report.CreditsGranted = granted.Values.Sum();
        report.CreditsCommitted = committed.Values.Sum();
        report.CreditsRemaining = balances.Values.Sum(balance => balance.Available + balance.Held);
    }

    private static void CountEarlier(AuditReport report, Delivery delivery, Entry entry)
    {
        if (delivery.Attempts > 1 && entry.CreatedAtMs < delivery.AnsweredAtMs)
        {
            report.AppliedByEarlierAttempt++;
        }
    }

    /// <summary>
    /// The usage projector resumes after the kills: the servers that serve again catch up from the
    /// journal at start and fold every second, so every account's usage checkpoint reaches its last
    /// commit within moments; the verifier then compares the aggregates with all of the journal.
    /// </summary>
    private async Task CheckUsageCaughtUpAsync(AuditReport report, CancellationToken cancellationToken)
    {
        const string Behind = "SELECT COUNT(*) FROM accounts a LEFT JOIN usage_checkpoints c ON c.account_id = a.account_id " +
                              "WHERE a.last_usage_sequence > COALESCE(c.sequence, 0)";
        var deadline = DateTime.UtcNow + UsageCatchUpMax;
        long behind;
        while (true)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(cancellationToken);
            behind = 0;
            await ReadAsync(connection, Behind, reader => behind = reader.GetInt64(0), cancellationToken);
            if (behind == 0 || DateTime.UtcNow > deadline)
            {
                break;
            }
            await Task.Delay(250, cancellationToken);
        }
        if (behind > 0)
        {
            report.Violations.Add($"usage projector: {behind} accounts' usage still not folded {UsageCatchUpMax.TotalSeconds:0} s after the servers came back");
        }
    }

    private static readonly TimeSpan UsageCatchUpMax = TimeSpan.FromSeconds(30);

    private static async Task ReadAsync(NpgsqlConnection connection, string sql, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // Constant SQL written in this file.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }
}
