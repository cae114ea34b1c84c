using System.Globalization;
using System.Text.Json;
using Credits.Ledger.Lots;
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
        ["lots"] = Lots(payment),
    }));

    // Every lot the purchase grants, in grant order: its credits, its bonus, then a bundle's further lots.
    private static List<Dictionary<string, object?>> Lots(Payment payment)
    {
        var lots = new List<Dictionary<string, object?>> { Lot(Bucket.Purchased, payment.Credits, payment.ExpiresAt, []) };
        if (payment.BonusCredits > 0)
        {
            lots.Add(Lot(Bucket.Promo, payment.BonusCredits, payment.ExpiresAt, []));
        }
        lots.AddRange(payment.Lots.Select(lot => Lot(lot.Lot.Bucket, lot.Lot.Credits, lot.ExpiresAt, lot.Lot.Features)));
        return lots;
    }

    private static Dictionary<string, object?> Lot(Bucket bucket, long credits, DateTimeOffset? expiresAt, IReadOnlyList<string> features) => new()
    {
        ["bucket"] = bucket.ToString().ToLowerInvariant(),
        ["credits"] = credits,
        ["expiresAt"] = expiresAt?.ToString("O", CultureInfo.InvariantCulture),
        ["features"] = features,
    };
}
