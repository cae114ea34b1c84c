using System.Text.Json;
using Credits.Ledger.Outbox;

namespace Credits.Ledger.Payments;

// The receipt a purchase sends (through the outbox, only when its grant takes effect).
internal static class PurchaseReceipt
{
    // The outbox topic the receipt sender reads.
    public const string Topic = "receipt.purchase";

    public static OutboxMessage For(Payment payment) => new(Topic, JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["email"] = payment.Email,
        ["accountId"] = payment.AccountId,
        ["packId"] = payment.PackId,
        ["packName"] = payment.PackName,
        ["credits"] = payment.Credits,
        ["bonusCredits"] = payment.BonusCredits,
        ["sessionId"] = payment.SessionId,
        ["amountTotal"] = payment.AmountTotal,
        ["currency"] = payment.Currency,
    }));
}
