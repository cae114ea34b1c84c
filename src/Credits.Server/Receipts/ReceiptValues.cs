using System.Collections.Frozen;
using System.Globalization;

namespace Credits.Server.Receipts;

/// <summary>The placeholders a receipt template may use, and their values for one purchase.</summary>
internal static class ReceiptValues
{
    public const string PackName = "packName";
    public const string Credits = "credits";
    public const string BonusCredits = "bonusCredits";
    public const string TotalCredits = "totalCredits";
    public const string CreditsDetail = "creditsDetail";
    public const string Available = "available";
    public const string SessionId = "sessionId";
    public const string AmountPaid = "amountPaid";
    public const string AccountId = "accountId";
    public const string Date = "date";

    public static IReadOnlySet<string> Names { get; } = new[]
    {
        PackName, Credits, BonusCredits, TotalCredits, CreditsDetail, Available, SessionId, AmountPaid, AccountId, Date,
    }.ToFrozenSet(StringComparer.Ordinal);

    // ISO 4217 currencies whose Stripe amounts have no minor unit, or three decimals.
    private static readonly FrozenSet<string> ZeroDecimal = new[]
    {
        "bif", "clp", "djf", "gnf", "jpy", "kmf", "krw", "mga", "pyg", "rwf", "ugx", "vnd", "vuv", "xaf", "xof", "xpf",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    private static readonly FrozenSet<string> ThreeDecimal = new[] { "bhd", "jod", "kwd", "omr", "tnd" }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    public static Dictionary<string, string> For(ReceiptPayload payload, long available, DateTimeOffset purchasedAt, MailLocale? locale = null)
    {
        locale ??= MailLocale.English;
        var german = locale == MailLocale.German;
        var total = payload.Credits + payload.BonusCredits;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PackName] = FirstNonEmpty(payload.PackName, payload.PackId, "Credits"),
            [Credits] = locale.Number(payload.Credits),
            [BonusCredits] = locale.Number(payload.BonusCredits),
            [TotalCredits] = locale.Number(total),
            [CreditsDetail] = payload.BonusCredits > 0
                ? $"{locale.Number(payload.Credits)} {(german ? "Credits" : "credits")} + {locale.Number(payload.BonusCredits)} {(german ? "Bonus-Credits" : "bonus credits")}"
                : $"{locale.Number(payload.Credits)} {(german ? "Credits" : "credits")}",
            [Available] = locale.Number(available),
            [SessionId] = payload.SessionId ?? "",
            [AmountPaid] = Money(payload.AmountTotal, payload.Currency, locale),
            [AccountId] = payload.AccountId ?? "",
            [Date] = locale.Minute(purchasedAt),
        };
    }

    /// <summary>A whole number with thousands separators: 12,345.</summary>
    public static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>
    /// An amount in minor units as decimal money in <paramref name="locale"/>'s format (English when none):
    /// 999 usd is "9.99 USD", 123450 eur in German "1.234,50 €".
    /// </summary>
    public static string Money(long? minorUnits, string? currency, MailLocale? locale = null)
    {
        if (minorUnits is not { } amount || string.IsNullOrWhiteSpace(currency))
        {
            return "n/a";
        }
        var decimals = ZeroDecimal.Contains(currency) ? 0 : ThreeDecimal.Contains(currency) ? 3 : 2;
        return (locale ?? MailLocale.English).Money(amount / (decimal)Math.Pow(10, decimals), decimals, currency);
    }

    private static string FirstNonEmpty(params string?[] values) => values.First(value => !string.IsNullOrWhiteSpace(value))!;
}
