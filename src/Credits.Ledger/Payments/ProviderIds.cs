using Credits.Ledger.Accounts;
using Credits.Ledger.Errors;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Payments;

// The checks on what a payment provider names (payments, sessions, refunds, disputes, invoices,
// subscriptions, prices, packs, accounts), shared by payments and subscriptions so that both
// accept exactly the same ids.
internal static class ProviderIds
{
    // Provider ids are at most this long.
    public const int LengthMax = 200;

    // Provider ids become references and idempotency keys, so they must be short printable ASCII.
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= LengthMax && Text.IsPrintableAscii(id);

    // Throws INVALID_ARGUMENT naming field when id is not a provider id.
    public static void Require(string? id, string field)
    {
        if (!IsValid(id))
        {
            throw LedgerErrors.Invalid(field, $"{field} must be 1 to {LengthMax} printable ASCII characters.").ToException();
        }
    }

    // Whether a provider's report names an account this ledger can hold.
    public static bool IsAccount(string? accountId)
    {
        try
        {
            AccountIds.Parse(accountId, "account_id");
            return true;
        }
        catch (LedgerException)
        {
            return false;
        }
    }
}
