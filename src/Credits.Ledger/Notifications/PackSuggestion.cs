namespace Credits.Ledger.Notifications;

/// <summary>A pack on sale as the ledger sees it to suggest one (set by the server from its catalogue at startup).</summary>
/// <param name="PackId">The catalogue's id.</param>
/// <param name="Credits">Credits of all its lots together (a bundle's further lots included).</param>
/// <param name="Price">Its price in the smallest currency unit, to break ties; 0 when unknown.</param>
public sealed record SuggestablePack(string PackId, long Credits, long Price = 0);

/// <summary>
/// Which pack a notification suggests and the link to buy it, decided when it fires from what the
/// account row holds already (no query): the last 30 days' use is estimated as 30 × the burn rate.
/// </summary>
internal static class PackSuggestion
{
    /// <summary>Days of use the suggested pack should cover.</summary>
    public const int CoverDays = 30;

    /// <summary>
    /// The smallest pack (by credits, then price, then id ordinal) whose credits cover <paramref name="use"/>;
    /// the largest when none does; null when there is no pack or no use.
    /// </summary>
    public static SuggestablePack? Choose(IReadOnlyList<SuggestablePack> packs, long use)
    {
        if (use <= 0 || packs.Count == 0)
        {
            return null;
        }
        SuggestablePack? smallestCovering = null;
        var largest = packs[0];
        foreach (var pack in packs)
        {
            if (pack.Credits >= use && (smallestCovering is null || Smaller(pack, smallestCovering)))
            {
                smallestCovering = pack;
            }
            if (Smaller(largest, pack))
            {
                largest = pack;
            }
        }
        return smallestCovering ?? largest;
    }

    /// <summary>The purchase link for a pack: the base URL with <c>pack=&lt;id&gt;</c> added to its query; empty when no base URL.</summary>
    public static string Link(string? purchaseUrl, string packId)
    {
        if (string.IsNullOrWhiteSpace(purchaseUrl))
        {
            return "";
        }
        var fragmentAt = purchaseUrl.IndexOf('#', StringComparison.Ordinal);
        var (url, fragment) = fragmentAt < 0 ? (purchaseUrl, "") : (purchaseUrl[..fragmentAt], purchaseUrl[fragmentAt..]);
        var separator = !url.Contains('?', StringComparison.Ordinal) ? "?" : url.EndsWith('?') || url.EndsWith('&') ? "" : "&";
        return url + separator + "pack=" + Uri.EscapeDataString(packId) + fragment;
    }

    private static bool Smaller(SuggestablePack a, SuggestablePack b) =>
        a.Credits != b.Credits ? a.Credits < b.Credits
        : a.Price != b.Price ? a.Price < b.Price
        : string.CompareOrdinal(a.PackId, b.PackId) < 0;
}
