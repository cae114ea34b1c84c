using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Referrals;

/// <summary>
/// Referral codes and lists, outside any batch. A code, once stored, names its account for good,
/// so resolving it before the batch that applies it cannot race anything.
/// </summary>
internal static class ReferralReader
{
    public const int PageSizeDefault = 50;
    public const int PageSizeMax = 500;

    /// <summary>The account's referral code (canonical), created on first ask; two first asks at once keep one code.</summary>
    public static async Task<string> CodeOfAsync(LedgerDatabase database, string accountId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (AccountIds.Parse(accountId, "account_id") != AccountKind.User)
        {
            throw LedgerErrors.Invalid("account_id", "account_id must be a 'user:' account: referral codes are for users.").ToException();
        }
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        if (await FindCodeAsync(connection, accountId, cancellationToken) is { } existing)
        {
            return existing;
        }
        await using (var insert = connection.CreateCommand())
        {
            // DO NOTHING on either key: a concurrent first ask (account_id) wins, and is read below.
            new SqlText(insert).Append("INSERT INTO referral_codes (code, account_id, created_at_ms) VALUES (")
                .Param(ReferralCodeText.NewCanonical()).Append(", ").Param(accountId).Append(", ").Param(Clock.ToMs(now))
                .Append(") ON CONFLICT DO NOTHING").Build();
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
        return await FindCodeAsync(connection, accountId, cancellationToken)
            ?? throw new InvalidOperationException($"The referral code of {accountId} was not stored; ask again.");
    }

    /// <summary>The account whose code <paramref name="canonical"/> is, or null.</summary>
    public static async Task<string?> OwnerOfAsync(LedgerDatabase database, string canonical, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        new SqlText(command).Append("SELECT account_id FROM referral_codes WHERE code = ").Param(canonical).Build();
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Who referred <paramref name="accountId"/>, or null (read to name the referrer in a payment's batch).</summary>
    public static async Task<string?> ReferrerOfAsync(LedgerDatabase database, string accountId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        new SqlText(command).Append("SELECT referred_by FROM referrals WHERE account_id = ").Param(accountId).Build();
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>The accounts <paramref name="referrerId"/> referred, newest first (ties by account id), AIP-158 paging.</summary>
    public static async Task<ReferralPage> ListAsync(LedgerDatabase database, string referrerId, int pageSize, string pageToken,
        CancellationToken cancellationToken)
    {
        AccountIds.Parse(referrerId, "account_id");
        if (pageSize < 0)
        {
            throw LedgerErrors.Invalid("page_size", "page_size must be 0 or more.").ToException();
        }
        var limit = pageSize == 0 ? PageSizeDefault : Math.Min(pageSize, PageSizeMax);
        var after = ReadPageToken(pageToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new SqlText(command);
        // Served by the index referrals_by_referrer (referred_by, applied_at_ms, account_id), read backwards.
        sql.Append("SELECT account_id, applied_at_ms, state, rewarded_at_ms FROM referrals WHERE referred_by = ").Param(referrerId);
        if (after is var (appliedAtMs, accountId))
        {
            sql.Append(" AND (applied_at_ms < ").Param(appliedAtMs).Append(" OR (applied_at_ms = ").Param(appliedAtMs)
                .Append(" AND account_id < ").Param(accountId).Append("))");
        }
        sql.Append(" ORDER BY applied_at_ms DESC, account_id DESC LIMIT ").Param(limit + 1);
        var rows = new List<ReferralView>();
        await using (var reader = await sql.Build().ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(new ReferralView(reader.GetString(0), Clock.FromMs(reader.GetInt64(1)), (ReferralState)reader.GetInt32(2),
                    reader.IsDBNull(3) ? null : Clock.FromMs(reader.GetInt64(3))));
            }
        }
        var page = rows.Take(limit).ToList();
        return new ReferralPage(page, rows.Count > limit ? WritePageToken(page[^1]) : "");
    }

    private static async Task<string?> FindCodeAsync(System.Data.Common.DbConnection connection, string accountId, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        new SqlText(command).Append("SELECT code FROM referral_codes WHERE account_id = ").Param(accountId).Build();
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private static string WritePageToken(ReferralView last) => TimeIdPageToken.Write(Clock.ToMs(last.AppliedAt), last.RefereeAccountId);

    private static (long Ms, string Id)? ReadPageToken(string pageToken) => TimeIdPageToken.Read(pageToken, "user:");
}
