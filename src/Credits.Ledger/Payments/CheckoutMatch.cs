using System.Globalization;

namespace Credits.Ledger.Payments;

/// <summary>
/// The one rule tying a completed checkout to what was sold: the session must have been created
/// here (<see cref="SoldCheckoutStore"/>), for the same account and pack, and be paid exactly the
/// amount, in the currency, Stripe quoted when it was created. A signed event is proof that Stripe
/// sent it, not that the customer paid for the pack: a session created elsewhere on the same Stripe
/// account, or one whose price was edited, must not grant the pack.
/// </summary>
public static class CheckoutMatch
{
    /// <summary>The session was not created by this ledger's CreateCheckoutSession.</summary>
    public const string UnknownSession = "unknown_session";

    /// <summary>The session names another account than the one it was sold to.</summary>
    public const string AccountMismatch = "account_mismatch";

    /// <summary>The session names another pack than the one it was sold for.</summary>
    public const string PackMismatch = "pack_mismatch";

    /// <summary>The session was paid another amount than it was sold for (or its price was not known).</summary>
    public const string AmountMismatch = "amount_mismatch";

    /// <summary>The session was paid in another currency than it was sold in.</summary>
    public const string CurrencyMismatch = "currency_mismatch";

    /// <summary>Null when the notice is the session as sold; otherwise the unapplied result saying why not.</summary>
    public static CheckoutResult? Refuse(CheckoutNotice notice, SoldCheckout? sold)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (sold is null)
        {
            return Unapplied(UnknownSession, notice.SessionId);
        }
        if (!string.Equals(notice.AccountId, sold.AccountId, StringComparison.Ordinal))
        {
            return Unapplied(AccountMismatch, $"sold to {sold.AccountId}, completed for {notice.AccountId}");
        }
        if (!string.Equals(notice.PackId, sold.Pack.PackId, StringComparison.Ordinal))
        {
            return Unapplied(PackMismatch, $"sold {sold.Pack.PackId}, completed for {notice.PackId}");
        }
        // Only what the customer owes is checked: a session not yet paid (or whose payment failed)
        // still says what it will charge, so a forged unpaid report is refused as early.
        if (sold.AmountTotal is not { } soldAmount || notice.AmountTotal != soldAmount)
        {
            return Unapplied(AmountMismatch, $"sold for {Money(sold.AmountTotal, sold.Currency)}, paid {Money(notice.AmountTotal, notice.Currency)}");
        }
        if (!string.Equals(notice.Currency, sold.Currency, StringComparison.OrdinalIgnoreCase))
        {
            return Unapplied(CurrencyMismatch, $"sold for {Money(sold.AmountTotal, sold.Currency)}, paid {Money(notice.AmountTotal, notice.Currency)}");
        }
        return null;
    }

    private static CheckoutResult Unapplied(string reason, string detail) => new(PaymentOutcome.Unapplied, reason, detail);

    private static string Money(long? amount, string? currency) =>
        string.Create(CultureInfo.InvariantCulture, $"{(amount is { } value ? value.ToString(CultureInfo.InvariantCulture) : "an unknown amount")} {currency ?? "(no currency)"}");
}
