using Credits.Ledger.Payments;
namespace Credits.Server.Stripe;

/// <summary>The packs on sale, read from the current <c>Stripe:Packs</c> configuration on every call.</summary>
public sealed class PackCatalog(StripeSettings settings)
{
    /// <summary>The pack with this id, or false.</summary>
    public bool TryGet(string packId, out StripePackOptions pack) => settings.Current.Packs.TryGetValue(packId, out pack!);

    /// <summary>The pack as the ledger grants it, or null when the catalogue does not have it.</summary>
    public CreditPack? Find(string packId) => TryGet(packId, out var pack) ? ToCreditPack(packId, pack) : null;

    /// <summary>The pack's configuration as the ledger grants it.</summary>
    public static CreditPack ToCreditPack(string packId, StripePackOptions pack) =>
        new(packId, DisplayName(packId, pack), pack.Credits, pack.BonusCredits, pack.ValidityMonths)
        {
            Lots = PackLots.ToPackLots(pack.Lots),
        };

    /// <summary>Every pack, ordered by credits, then pack id (the order ListPacks pages through).</summary>
    public IReadOnlyList<KeyValuePair<string, StripePackOptions>> List() =>
        settings.Current.Packs.OrderBy(pack => pack.Value.Credits).ThenBy(pack => pack.Key, StringComparer.Ordinal).ToList();

    /// <summary>
    /// The packs as notifications suggest them (<see cref="Ledger.Notifications.NotificationOptions.Packs"/>): credits of all
    /// the pack's lots together (credits, bonus and a bundle's further lots), its unit amount as the price.
    /// </summary>
    public static IReadOnlyList<Ledger.Notifications.SuggestablePack> Suggestable(IReadOnlyDictionary<string, StripePackOptions> packs) =>
        [.. packs.Select(pack => new Ledger.Notifications.SuggestablePack(pack.Key,
            pack.Value.Credits + pack.Value.BonusCredits + pack.Value.Lots.Sum(lot => lot.Credits), pack.Value.UnitAmount ?? 0))];

    /// <summary>The pack's name, or its id when it has none.</summary>
    public static string DisplayName(string packId, StripePackOptions pack) => string.IsNullOrWhiteSpace(pack.Name) ? packId : pack.Name;
}
