using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Credits.Ledger.Payments;

namespace Credits.Ledger.Data.Payments;

// The payment tables' rows to the payment aggregate and back. States are stored as integers whose
// values are the enums' values, so renumbering an enum would change what stored rows mean.
internal static class PaymentMapping
{
    public static Payment ToPayment(string paymentId, PaymentRow? row, IEnumerable<PaymentRefundRow> refunds,
        IEnumerable<PaymentDisputeRow> disputes)
    {
        var refundParts = refunds.Select(ToRefund);
        var disputeParts = disputes.Select(ToDispute);
        if (row is null)
        {
            return new Payment(paymentId, refundParts, disputeParts);
        }
        return new Payment(
            paymentId: row.PaymentId,
            accountId: row.AccountId,
            sessionId: row.SessionId,
            packId: row.PackId,
            packName: row.PackName,
            credits: row.Credits,
            bonusCredits: row.BonusCredits,
            validityMonths: row.ValidityMonths,
            amountTotal: row.AmountTotal,
            currency: row.Currency,
            email: row.Email,
            status: (CheckoutStatus)row.Status,
            paidAt: Clock.FromMs(row.PaidAtMs),
            expiresAt: Clock.FromMs(row.ExpiresAtMs),
            purchaseLotId: row.PurchaseLotId,
            bonusLotId: row.BonusLotId,
            notedReason: row.NotedReason,
            createdAt: Clock.FromMs(row.CreatedAtMs),
            refunds: refundParts,
            disputes: disputeParts,
            lots: BundleLot.Read(row.Lots));
    }

    public static PaymentRow ToRow(this Payment payment, long updatedAtMs) => new()
    {
        PaymentId = payment.PaymentId,
        AccountId = payment.AccountId,
        SessionId = payment.SessionId,
        PackId = payment.PackId,
        PackName = payment.PackName,
        Credits = payment.Credits,
        BonusCredits = payment.BonusCredits,
        ValidityMonths = payment.ValidityMonths,
        AmountTotal = payment.AmountTotal,
        Currency = payment.Currency,
        Email = payment.Email,
        Status = (int)payment.Status,
        PaidAtMs = Clock.ToMs(payment.PaidAt),
        ExpiresAtMs = Clock.ToMs(payment.ExpiresAt),
        PurchaseLotId = payment.PurchaseLotId,
        BonusLotId = payment.BonusLotId,
        Lots = BundleLot.Write(payment.Lots),
        NotedReason = payment.NotedReason,
        CreatedAtMs = Clock.ToMs(payment.CreatedAt),
        UpdatedAtMs = updatedAtMs,
    };

    public static PaymentRefundRow ToRow(this PaymentRefund refund, string paymentId, long updatedAtMs) => new()
    {
        PaymentId = paymentId,
        RefundId = refund.RefundId,
        Amount = refund.Amount,
        Status = (int)refund.Status,
        State = (int)refund.State,
        ClawCredits = refund.ClawCredits,
        ClawBonus = refund.ClawBonus,
        CreatedAtMs = Clock.ToMs(refund.CreatedAt),
        UpdatedAtMs = updatedAtMs,
    };

    public static PaymentDisputeRow ToRow(this PaymentDispute dispute, string paymentId, long updatedAtMs) => new()
    {
        PaymentId = paymentId,
        DisputeId = dispute.DisputeId,
        Amount = dispute.Amount,
        Status = (int)dispute.Status,
        State = (int)dispute.State,
        ClawCredits = dispute.ClawCredits,
        ClawBonus = dispute.ClawBonus,
        CreatedAtMs = Clock.ToMs(dispute.CreatedAt),
        UpdatedAtMs = updatedAtMs,
    };

    private static PaymentRefund ToRefund(PaymentRefundRow row) => new(row.RefundId, row.Amount, (RefundStatus)row.Status,
        (RefundState)row.State, row.ClawCredits, row.ClawBonus, Clock.FromMs(row.CreatedAtMs));

    private static PaymentDispute ToDispute(PaymentDisputeRow row) => new(row.DisputeId, row.Amount, (DisputeStatus)row.Status,
        (DisputeState)row.State, row.ClawCredits, row.ClawBonus, Clock.FromMs(row.CreatedAtMs));
}
