namespace Credits.Server.Webhooks;

/// <summary>
/// Configuration section <c>NotificationWebhooks</c>: the product's URLs that receive every
/// notification of the accounts whose preferences include the webhook channel, signed by the
/// Standard Webhooks spec. No endpoint configured: nothing is sent (the default).
/// </summary>
public sealed class NotificationWebhookOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NotificationWebhooks";

    /// <summary>
    /// The endpoints by id (<c>NotificationWebhooks:Endpoints:{id}:Url</c> and <c>:Secret</c>). The id
    /// keys the endpoint's queue and cursor in the database: renaming one starts a new queue from now.
    /// </summary>
    public Dictionary<string, WebhookEndpointOptions> Endpoints { get; set; } = [];

    /// <summary>How often the queue is topped up from the notifications and due deliveries are sent (default 1 s).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The wait after a first failed attempt (default 30 s); it doubles per attempt up to <see cref="RetryDelayMax"/>, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between attempts (default 1 hour).</summary>
    public TimeSpan RetryDelayMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Attempts at one delivery, the first included, before it becomes a dead letter (default 12:
    /// about 5 hours at the default delays). Dead letters are listed and replayed by
    /// <c>AdminService.ListWebhookDeadLetters</c> / <c>ReplayWebhookDeadLetter</c>.
    /// </summary>
    public int MaxAttempts { get; set; } = 12;

    /// <summary>How long one POST may take before it counts as failed (default 10 s).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Deliveries claimed per query (default 50).</summary>
    public int BatchSize { get; set; } = 50;
}

/// <summary>One product URL that receives notifications.</summary>
public sealed class WebhookEndpointOptions
{
    /// <summary>Where the notifications are POSTed (absolute http or https URL).</summary>
    public string Url { get; set; } = "";

    /// <summary>The Standard Webhooks signing secret: <c>whsec_</c> then base64 of 24 to 64 random bytes. Give the same to the receiver.</summary>
    public string Secret { get; set; } = "";
}
