namespace Credits.Server.Stripe;

/// <summary>
/// The <c>Stripe</c> configuration section: credentials, the webhook's signing secret and
/// tolerance, and the pack catalogue. Reloadable: each call reads the current values.
/// </summary>
public sealed class StripeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Stripe";

    /// <summary>The webhook tolerance when none is configured, as Stripe's libraries default it.</summary>
    public const int WebhookToleranceSecondsDefault = 300;

    /// <summary>The longest webhook tolerance accepted: a longer one would let captured events be replayed for too long.</summary>
    public const int WebhookToleranceSecondsMax = 3600;

    /// <summary>The most network retries of a Stripe API call allowed.</summary>
    public const int MaxNetworkRetriesMax = 10;

    /// <summary>The default of <see cref="EventRetention"/>.</summary>
    public static readonly TimeSpan EventRetentionDefault = TimeSpan.FromDays(90);

    /// <summary>
    /// The shortest <see cref="EventRetention"/> accepted. Stripe retries an unacknowledged webhook
    /// for up to 3 days, and an operator may resend an event from the dashboard later still; an event
    /// id forgotten before its last delivery would be applied again instead of being answered as a
    /// duplicate. Applying twice changes nothing in the ledger (payments and grants are keyed), but a
    /// repeat of an unapplied event would be logged and kept again, so the id must outlive every
    /// retry by a wide margin: at least a week, more than twice Stripe's window.
    /// </summary>
    public static readonly TimeSpan EventRetentionMin = TimeSpan.FromDays(7);

    /// <summary>
    /// How long an applied event's id is kept (table <c>stripe_events</c>, counted from when it was
    /// received) so that a redelivery is recognised; older ids are pruned. At least
    /// <see cref="EventRetentionMin"/>. Default <see cref="EventRetentionDefault"/>.
    /// </summary>
    public TimeSpan EventRetention { get; set; } = EventRetentionDefault;

    /// <summary>The secret API key (<c>sk_live_...</c>, <c>sk_test_...</c> or a restricted <c>rk_...</c>); empty disables CreateCheckoutSession.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The webhook endpoint's signing secret (<c>whsec_...</c>); empty makes the webhook answer 503.</summary>
    public string WebhookSecret { get; set; } = "";

    /// <summary>Stripe's API base URL; empty means Stripe's own. Tests point it at a fake.</summary>
    public string ApiBase { get; set; } = "";

    /// <summary>How far a webhook's signed timestamp may be from the server's clock, either way, in seconds.</summary>
    public int WebhookToleranceSeconds { get; set; } = WebhookToleranceSecondsDefault;

    /// <summary>How often Stripe.net retries an API call that failed on the network (safe: calls carry an idempotency key).</summary>
    public int MaxNetworkRetries { get; set; } = 2;

    /// <summary>The packs on sale, by pack id.</summary>
    public Dictionary<string, StripePackOptions> Packs { get; set; } = new(StringComparer.Ordinal);
}
