using Credits.Ledger.Errors;
using Credits.Ledger.Validation;

namespace Credits.Ledger.Accounts;

/// <summary>The format of account ids: <c>user:</c>, <c>lead:</c> or <c>org:</c>, then printable ASCII.</summary>
public static class AccountIds
{
    private static readonly (string Prefix, AccountKind Kind)[] Prefixes =
    [
        ("user:", AccountKind.User),
        ("lead:", AccountKind.Lead),
        ("org:", AccountKind.Org),
    ];

    /// <summary>Returns the account's kind, or throws INVALID_ARGUMENT naming <paramref name="field"/>.</summary>
    public static AccountKind Parse(string? accountId, string field)
    {
        if (string.IsNullOrEmpty(accountId))
        {
            throw LedgerErrors.Invalid(field, $"{field} is required.").ToException();
        }
        if (accountId.Length > Limits.AccountIdLengthMax)
        {
            throw LedgerErrors.Invalid(field, $"{field} is longer than {Limits.AccountIdLengthMax} characters.").ToException();
        }
        if (!Text.IsPrintableAscii(accountId))
        {
            throw LedgerErrors.Invalid(field, $"{field} must be printable ASCII.").ToException();
        }
        foreach (var (prefix, kind) in Prefixes)
        {
            if (accountId.StartsWith(prefix, StringComparison.Ordinal) && accountId.Length > prefix.Length)
            {
                return kind;
            }
        }
        throw LedgerErrors.Invalid(field, $"{field} must be 'user:', 'lead:' or 'org:' followed by an id.").ToException();
    }

    /// <summary>The kind of an id already known to be valid.</summary>
    internal static AccountKind KindOf(string accountId) => Parse(accountId, "account_id");
}
