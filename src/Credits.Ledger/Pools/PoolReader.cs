using System.Buffers.Text;
using System.Data.Common;
using System.Text;
using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;

namespace Credits.Ledger.Pools;

/// <summary>Reads pool members with their usage this period (ListPoolMembers), outside any batch: a committed snapshot.</summary>
internal static class PoolReader
{
    public const int PageSizeDefault = 50;
    public const int PageSizeMax = 500;

    private static void RequirePoolId(string poolId)
    {
        if (AccountIds.Parse(poolId, "pool_account_id") != AccountKind.Org)
        {
            throw LedgerErrors.Invalid("pool_account_id", "pool_account_id must be an 'org:' account.").ToException();
        }
    }

    public static async Task<PoolMemberPage> ListMembersAsync(LedgerDatabase database, string poolId, int pageSize, string pageToken,
        bool includeRemoved, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RequirePoolId(poolId);
        if (pageSize < 0)
        {
            throw LedgerErrors.Invalid("page_size", "page_size must be 0 or more.").ToException();
        }
        var limit = pageSize == 0 ? PageSizeDefault : Math.Min(pageSize, PageSizeMax);
        var after = ReadPageToken(pageToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        var members = new List<PoolMember>();
        await using (var command = connection.CreateCommand())
        {
            var sql = new SqlText(command);
            sql.Append($"SELECT {PoolMemberStore.Columns} FROM pool_members WHERE pool_id = ").Param(poolId)
                .Append(" AND member_id > ").Param(after)
                .Append(includeRemoved ? "" : " AND removed_at_ms IS NULL")
                .Append(" ORDER BY member_id LIMIT ").Param(limit + 1);
            await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                members.Add(ReadMember(reader));
            }
        }
        var page = members.Take(limit).ToList();
        var views = await ViewsAsync(connection, poolId, page, now, cancellationToken);
        var next = members.Count > limit ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(page[^1].Key.MemberId)) : "";
        return new PoolMemberPage(views, next);
    }

    /// <summary>One member of a pool (active or removed) with its usage this period, or null when it never was one.</summary>
    public static async Task<PoolMemberView?> FindMemberAsync(LedgerDatabase database, string poolId, string memberId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        // Checked before any read: a malformed id (a NUL byte, say) is the caller's mistake, not a database error.
        RequirePoolId(poolId);
        AccountIds.Parse(memberId, "member_account_id");
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        PoolMember? member = null;
        await using (var command = connection.CreateCommand())
        {
            var sql = new SqlText(command);
            sql.Append($"SELECT {PoolMemberStore.Columns} FROM pool_members WHERE pool_id = ").Param(poolId)
                .Append(" AND member_id = ").Param(memberId);
            await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                member = ReadMember(reader);
            }
        }
        return member is null ? null : (await ViewsAsync(connection, poolId, [member], now, cancellationToken))[0];
    }

    private static async Task<List<PoolMemberView>> ViewsAsync(DbConnection connection, string poolId, List<PoolMember> members, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var usage = await ReadUsageAsync(connection, poolId, members, now, cancellationToken);
        return members.Select(member =>
        {
            var start = PoolPeriods.StartOf(member.Period, now);
            var (held, committed) = usage.GetValueOrDefault((member.Key.MemberId, start));
            return new PoolMemberView(poolId, member.Key.MemberId, member.Limit, member.Period, member.Role, Clock.FromMs(member.AddedAtMs),
                Clock.FromMs(member.RemovedAtMs), held + committed, Clock.FromMs(start), held, committed);
        }).ToList();
    }

    private static async Task<Dictionary<(string, long), (long Held, long Committed)>> ReadUsageAsync(DbConnection connection, string poolId, List<PoolMember> members,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var used = new Dictionary<(string, long), (long Held, long Committed)>();
        if (members.Count == 0)
        {
            return used;
        }
        await using var command = connection.CreateCommand();
        var sql = new SqlText(command);
        sql.Append("SELECT member_id, period_start, held, committed FROM pool_usage WHERE pool_id = ").Param(poolId)
            .Append(" AND member_id IN ").List(members.Select(member => (object)member.Key.MemberId))
            .Append(" AND period_start IN ").List(PoolPeriods.All.Select(period => (object)PoolPeriods.StartOf(period, now)).Distinct());
        await using var reader = await sql.Build().ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            used[(reader.GetString(0), reader.GetInt64(1))] = (reader.GetInt64(2), reader.GetInt64(3));
        }
        return used;
    }

    private static PoolMember ReadMember(DbDataReader reader) => PoolMember.Loaded(
        new PoolMemberKey(reader.GetString(0), reader.GetString(1)), reader.IsDBNull(2) ? null : reader.GetInt64(2),
        (PoolPeriod)reader.GetInt32(3), (PoolRole)reader.GetInt32(4), reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt64(6));

    // The token is the last member id of the page, base64url-encoded so callers treat it as opaque.
    private static string ReadPageToken(string pageToken)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return "";
        }
        try
        {
            var after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
            if (after.StartsWith("user:", StringComparison.Ordinal))
            {
                return after;
            }
        }
        catch (FormatException)
        {
            // Reported below like any other token this server did not issue.
        }
        throw LedgerErrors.Invalid("page_token", "page_token is not a token this server issued.").ToException();
    }
}
