using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Credits.Ledger.Accounts;
using Credits.Ledger.Data;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Validation;

namespace Credits.Ledger.GiftCodes;

/// <summary>
/// Reads gift codes outside any batch (a committed snapshot): an issuer's codes for ListGiftCodes,
/// and the row key of a code named by id for RevokeGiftCode.
/// </summary>
internal static class GiftCodeReader
{
    public const int PageSizeDefault = 50;
    public const int PageSizeMax = 500;

    /// <summary>
    /// The SHA-256 keying the code <paramref name="codeId"/> of <paramref name="issuerAccountId"/>, or ""
    /// when the issuer has no such code. The pair never changes once written, so reading it before
    /// the batch cannot race anything; the batch then locks and re-reads the row.
    /// </summary>
    public static async Task<string> FindHashAsync(LedgerDatabase database, string issuerAccountId, string codeId,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new SqlText(command);
        sql.Append("SELECT code_hash FROM gift_codes WHERE code_id = ").Param(codeId)
            .Append(" AND issuer_account_id = ").Param(issuerAccountId);
        return await sql.Build().ExecuteScalarAsync(cancellationToken) as string ?? "";
    }

    /// <summary>An issuer's codes, newest first (ties by code id), AIP-158 paging; <paramref name="state"/> null: every state.</summary>
    public static async Task<GiftCodePage> ListAsync(LedgerDatabase database, string issuerAccountId, GiftCodeState? state, int pageSize,
        string pageToken, CancellationToken cancellationToken)
    {
        if (AccountIds.Parse(issuerAccountId, "issuer_account_id") == AccountKind.Lead)
        {
            throw LedgerErrors.Invalid("issuer_account_id", "issuer_account_id must be a 'user:' or 'org:' account.").ToException();
        }
        if (pageSize < 0)
        {
            throw LedgerErrors.Invalid("page_size", "page_size must be 0 or more.").ToException();
        }
        var limit = pageSize == 0 ? PageSizeDefault : Math.Min(pageSize, PageSizeMax);
        var after = ReadPageToken(pageToken);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var sql = new SqlText(command);
        // Served by the index gift_codes_by_issuer (issuer_account_id, created_at_ms, code_id), read backwards.
        sql.Append("SELECT code_id, issuer_account_id, display_suffix, amount, state, created_at_ms, expires_at_ms, ended_by, ended_at_ms")
            .Append(" FROM gift_codes WHERE issuer_account_id = ").Param(issuerAccountId);
        if (after is var (createdAtMs, codeId))
        {
            sql.Append(" AND (created_at_ms < ").Param(createdAtMs).Append(" OR (created_at_ms = ").Param(createdAtMs)
                .Append(" AND code_id < ").Param(codeId).Append("))");
        }
        if (state is { } wanted)
        {
            sql.Append(" AND state = ").Param((int)wanted);
        }
        sql.Append(" ORDER BY created_at_ms DESC, code_id DESC LIMIT ").Param(limit + 1);
        var codes = new List<GiftCodeView>();
        await using (var reader = await sql.Build().ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                codes.Add(new GiftCodeView(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt64(3),
                    (GiftCodeState)reader.GetInt32(4), Clock.FromMs(reader.GetInt64(5)), Clock.FromMs(reader.GetInt64(6)), reader.GetString(7),
                    reader.IsDBNull(8) ? null : Clock.FromMs(reader.GetInt64(8))));
            }
        }
        var page = codes.Take(limit).ToList();
        var next = codes.Count > limit ? WritePageToken(page[^1]) : "";
        return new GiftCodePage(page, next);
    }

    private static string WritePageToken(GiftCodeView last) => TimeIdPageToken.Write(Clock.ToMs(last.CreatedAt), last.CodeId);

    private static (long Ms, string Id)? ReadPageToken(string pageToken) => TimeIdPageToken.Read(pageToken, "gift_");
}
