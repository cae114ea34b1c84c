using Credits.Ledger.Data.Rows;
using Credits.Ledger.Payments;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Credits.Ledger.Data.Payments;

// The statements on offer_claims. A claim is live while it is paid or its session may still be paid
// (expires_at_ms in the future); a lapsed one frees its slot.
internal static class OfferClaimTable
{
    public static Task<List<OfferClaimRow>> LiveAsync(LedgerDb db, string accountId, string packId, long nowMs, CancellationToken cancellationToken) =>
        db.GetTable<OfferClaimRow>()
            .Where(row => row.AccountId == accountId && row.PackId == packId && (row.Paid == 1 || row.ExpiresAtMs > nowMs))
            .ToListAsync(cancellationToken);

    // Live claims per pack of one account: what ListPacks needs for every limited offer at once.
    public static Task<Dictionary<string, int>> LiveCountsAsync(LedgerDb db, string accountId, long nowMs, CancellationToken cancellationToken) =>
        db.GetTable<OfferClaimRow>()
            .Where(row => row.AccountId == accountId && (row.Paid == 1 || row.ExpiresAtMs > nowMs))
            .GroupBy(row => row.PackId)
            .Select(group => new { PackId = group.Key, Count = group.Count() })
            .ToDictionaryAsync(group => group.PackId, group => group.Count, StringComparer.Ordinal, cancellationToken);

    // Frees the slots of lapsed claims so that the insert below can take them.
    public static Task<int> DeleteLapsedAsync(LedgerDb db, string accountId, string packId, long nowMs, CancellationToken cancellationToken) =>
        db.GetTable<OfferClaimRow>()
            .Where(row => row.AccountId == accountId && row.PackId == packId && row.Paid == 0 && row.ExpiresAtMs <= nowMs)
            .DeleteAsync(cancellationToken);

    // 1 when the slot was free and is now this claim's; 0 when a concurrent checkout took it first.
    public static Task<int> TryInsertAsync(LedgerDb db, OfferClaimRow row, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO offer_claims (account_id, pack_id, slot, claim_key, session_id, paid, claimed_at_ms, expires_at_ms) " +
            "VALUES (@accountId, @packId, @slot, @claimKey, NULL, 0, @claimedAtMs, @expiresAtMs) ON CONFLICT (account_id, pack_id, slot) DO NOTHING",
            cancellationToken,
            new DataParameter("accountId", row.AccountId, DataType.NVarChar),
            new DataParameter("packId", row.PackId, DataType.NVarChar),
            new DataParameter("slot", row.Slot, DataType.Int32),
            new DataParameter("claimKey", row.ClaimKey, DataType.NVarChar),
            new DataParameter("claimedAtMs", row.ClaimedAtMs, DataType.Int64),
            new DataParameter("expiresAtMs", row.ExpiresAtMs, DataType.Int64));

    public static Task<int> AttachSessionAsync(LedgerDb db, string accountId, string packId, string claimKey, string sessionId,
        CancellationToken cancellationToken) =>
        db.GetTable<OfferClaimRow>()
            .Where(row => row.AccountId == accountId && row.PackId == packId && row.ClaimKey == claimKey)
            .Set(row => row.SessionId, sessionId)
            .UpdateAsync(cancellationToken);

    public static Task<int> ReleaseAsync(LedgerDb db, string accountId, string packId, string claimKey, CancellationToken cancellationToken) =>
        db.GetTable<OfferClaimRow>()
            .Where(row => row.AccountId == accountId && row.PackId == packId && row.ClaimKey == claimKey && row.SessionId == null && row.Paid == 0)
            .DeleteAsync(cancellationToken);

    public static Task<int> MarkPaidAsync(LedgerDb db, string sessionId, CancellationToken cancellationToken) =>
        db.GetTable<OfferClaimRow>()
            .Where(row => row.SessionId == sessionId && row.Paid == 0)
            .Set(row => row.Paid, 1)
            .UpdateAsync(cancellationToken);

    // Whether the account ever paid for a pack (a refunded purchase still counts: it was a purchase).
    public static Task<bool> HasPaidPurchaseAsync(LedgerDb db, string accountId, CancellationToken cancellationToken) =>
        db.GetTable<PaymentRow>().AnyAsync(row => row.AccountId == accountId && row.Status == (int)CheckoutStatus.Paid, cancellationToken);
}
