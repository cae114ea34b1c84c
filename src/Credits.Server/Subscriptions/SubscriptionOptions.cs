namespace Credits.Server.Subscriptions;

/// <summary>The <c>Subscriptions</c> configuration section: the tier catalogue and the renewal pass. Reloadable.</summary>
public sealed class SubscriptionOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Subscriptions";

    /// <summary>The longest renewal interval accepted.</summary>
    public static readonly TimeSpan RenewalIntervalMax = TimeSpan.FromHours(1);

    /// <summary>The tiers, by tier id.</summary>
    public Dictionary<string, SubscriptionTierOptions> Tiers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>How often manual subscriptions whose period ended are renewed.</summary>
    public TimeSpan RenewalInterval { get; set; } = TimeSpan.FromMinutes(1);
}
