using Credits.Ledger.Errors;

namespace Credits.Ledger.Notifications.Email;

/// <summary>
/// The check an account's notification address passes before it is stored: a bare mailbox
/// (<c>name@example.com</c>), so the mail sender never meets an address it has to guess about.
/// </summary>
public static class NotificationEmailAddress
{
    /// <summary>The longest address accepted (RFC 5321's limit on a forward path's mailbox).</summary>
    public const int LengthMax = 254;

    // Characters that would make MIME read a display name, a comment, a group or a route instead of a bare mailbox.
    private const string Structural = "()<>[],;:\\\"";

    /// <summary>
    /// The address to store: null for null or empty (no address set), else the address itself.
    /// Throws <see cref="LedgerException"/> (INVALID_EMAIL_ADDRESS) for an address longer than
    /// <see cref="LengthMax"/>, with a control character, white space or MIME punctuation, or without
    /// exactly one '@' between a local part and a domain.
    /// </summary>
    public static string? Valid(string? address, string field)
    {
        if (string.IsNullOrEmpty(address))
        {
            return null;
        }
        var at = address.IndexOf('@', StringComparison.Ordinal);
        string? problem =
            address.Length > LengthMax ? $"is longer than {LengthMax} characters"
            : address.Any(char.IsControl) ? "holds a control character"
            : address.Any(char.IsWhiteSpace) ? "holds white space"
            : address.Any(Structural.Contains) ? "holds one of ( ) < > [ ] , ; : \\ \""
            : at < 0 || at != address.LastIndexOf('@') ? "does not hold exactly one '@'"
            : at == 0 || at == address.Length - 1 || address[(at + 1)..].StartsWith('.') || address.EndsWith('.') ? "needs a name before the '@' and a domain after it"
            : null;
        return problem is null ? address : throw LedgerErrors.InvalidEmailAddress(field, $"{field} {problem}: it is one address such as name@example.com.").ToException();
    }
}
