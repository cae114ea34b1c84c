using Credits.Ledger.Accounts;
using Credits.Ledger.Errors;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Payments;

/// <summary>A request to start a checkout for a credit pack, as a caller sends it.</summary>
/// <param name="AccountId">The account the credits go to.</param>
/// <param name="PackId">The pack to buy.</param>
/// <param name="SuccessUrl">Where the payment page sends the customer after paying.</param>
/// <param name="CancelUrl">Where the payment page sends a customer who gives up.</param>
/// <param name="IdempotencyKey">The caller's key; a retry with it returns the same checkout.</param>
public sealed record CheckoutRequest(string AccountId, string PackId, string SuccessUrl, string CancelUrl, string IdempotencyKey)
{
    /// <summary>Pack ids are at most this long.</summary>
    public const int PackIdLengthMax = 64;

    /// <summary>Return URLs are at most this long.</summary>
    public const int UrlLengthMax = 2048;

    /// <summary>The customer's language, a BCP 47 tag (<see cref="LanguageTags"/>); empty: the payment page picks.</summary>
    public string Locale { get; init; } = "";

    /// <summary>Throws INVALID_ARGUMENT naming the first malformed field; whether the pack exists is the catalogue's question.</summary>
    public void Validate()
    {
        AccountIds.Parse(AccountId, "account_id");
        if (string.IsNullOrEmpty(PackId) || PackId.Length > PackIdLengthMax || !Text.IsPrintableAscii(PackId))
        {
            throw LedgerErrors.Invalid("pack_id", $"pack_id must be 1 to {PackIdLengthMax} printable ASCII characters.").ToException();
        }
        RequireUrl(SuccessUrl, "success_url");
        RequireUrl(CancelUrl, "cancel_url");
        Require.IdempotencyKey(IdempotencyKey);
        if (Locale.Length > 0 && !LanguageTags.IsWellFormed(Locale))
        {
            throw LedgerErrors.Invalid("locale", LanguageTags.Rule("locale")).ToException();
        }
    }

    private static void RequireUrl(string url, string field)
    {
        if (string.IsNullOrEmpty(url) || url.Length > UrlLengthMax
            || !Uri.TryCreate(url, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            throw LedgerErrors.Invalid(field, $"{field} must be an absolute http(s) URL of at most {UrlLengthMax} characters.").ToException();
        }
    }
}
