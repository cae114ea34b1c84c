using Credits.Ledger.Data.Rows;
using LinqToDB;
using LinqToDB.Async;
using LinqToDB.Data;

namespace Credits.Ledger.Data.Payments;

// The statements on checkout_sessions: what each session was sold for.
internal static class CheckoutSessionTable
{
    // A retried CreateCheckoutSession gets the same session from Stripe (same idempotency key); the
    // first record stands, so what a session was sold for never changes once recorded.
    public static Task<int> InsertAsync(LedgerDb db, CheckoutSessionRow row, CancellationToken cancellationToken) =>
        db.ExecuteAsync(
            "INSERT INTO checkout_sessions (session_id, account_id, pack_id, pack_name, credits, bonus_credits, validity_months, " +
            "amount_total, currency, lots, created_at_ms, locale) VALUES (@sessionId, @accountId, @packId, @packName, @credits, @bonusCredits, " +
            "@validityMonths, @amountTotal, @currency, @lots, @createdAtMs, @locale) ON CONFLICT (session_id) DO NOTHING",
            cancellationToken,
            new DataParameter("sessionId", row.SessionId, DataType.NVarChar),
            new DataParameter("accountId", row.AccountId, DataType.NVarChar),
            new DataParameter("packId", row.PackId, DataType.NVarChar),
            new DataParameter("packName", row.PackName, DataType.NVarChar),
            new DataParameter("credits", row.Credits, DataType.Int64),
            new DataParameter("bonusCredits", row.BonusCredits, DataType.Int64),
            new DataParameter("validityMonths", row.ValidityMonths, DataType.Int32),
            new DataParameter("amountTotal", row.AmountTotal, DataType.Int64),
            new DataParameter("currency", row.Currency, DataType.NVarChar),
            new DataParameter("lots", row.Lots, DataType.NVarChar),
            new DataParameter("createdAtMs", row.CreatedAtMs, DataType.Int64),
            new DataParameter("locale", row.Locale, DataType.NVarChar));

    public static Task<CheckoutSessionRow?> FindAsync(LedgerDb db, string sessionId, CancellationToken cancellationToken) =>
        db.GetTable<CheckoutSessionRow>().FirstOrDefaultAsync(row => row.SessionId == sessionId, cancellationToken);
}
