using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Credits.Ledger.Errors;

namespace Credits.Ledger.Validation;

/// <summary>
/// The page token of a listing ordered by a time and then an id (gift codes, referrals): the last
/// item's milliseconds and id, base64url-encoded so callers treat it as opaque.
/// </summary>
internal static class TimeIdPageToken
{
    public static string Write(long ms, string id) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{ms.ToString(CultureInfo.InvariantCulture)}/{id}"));

    /// <summary>
    /// Null for an empty token (the first page); otherwise the position after which the next page
    /// starts. A token this server did not issue, or whose id does not start with
    /// <paramref name="idPrefix"/>, is INVALID_ARGUMENT naming <c>page_token</c>.
    /// </summary>
    public static (long Ms, string Id)? Read(string pageToken, string idPrefix)
    {
        if (string.IsNullOrEmpty(pageToken))
        {
            return null;
        }
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash > 0 && long.TryParse(text.AsSpan(0, slash), NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
                && text.AsSpan(slash + 1).StartsWith(idPrefix, StringComparison.Ordinal))
            {
                return (ms, text[(slash + 1)..]);
            }
        }
        catch (FormatException)
        {
            // Reported below like any other token this server did not issue.
        }
        throw LedgerErrors.Invalid("page_token", "page_token is not a token this server issued.").ToException();
    }
}
