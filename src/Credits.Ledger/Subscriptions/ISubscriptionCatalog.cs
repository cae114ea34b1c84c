namespace Credits.Ledger.Subscriptions;

/// <summary>The tier catalogue (configuration, reloadable): read at the moment a rule needs it.</summary>
public interface ISubscriptionCatalog
{
    /// <summary>The tier with <paramref name="tierId"/>, or null.</summary>
    SubscriptionTier? Find(string tierId);

    /// <summary>The tier a Stripe price sells, or null.</summary>
    SubscriptionTier? FindByPrice(string priceId);
}
