namespace Credits.Ledger.Notifications.Webhooks;

/// <summary>One notification on its way to one endpoint, as its dispatcher or an operator sees it.</summary>
/// <param name="EndpointId">The configured endpoint it goes to.</param>
/// <param name="Notification">The notification (its account and sequence are the delivery's key with the endpoint).</param>
/// <param name="Attempts">Failed attempts so far (a delivered one counts its last, successful attempt too).</param>
/// <param name="DeliveredAt">When the endpoint accepted it; null until then.</param>
/// <param name="DeadAt">When the dispatcher gave up on it (a dead letter); null otherwise.</param>
/// <param name="LastError">What the last failed attempt met; null before any failure.</param>
/// <param name="LeaseUntilMs">
/// The lease the dispatcher holds (<see cref="WebhookOutbox.ClaimDueAsync"/>): its marks are written
/// only while the row still carries it. Zero for a delivery read, not claimed.
/// </param>
public sealed record WebhookDelivery(
    string EndpointId,
    AccountNotification Notification,
    int Attempts,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? DeadAt,
    string? LastError,
    long LeaseUntilMs = 0)
{
    /// <summary>
    /// The Standard Webhooks <c>webhook-id</c>: the same on every attempt and every endpoint, so a
    /// receiver drops a repeat by it. Account ids hold no '/', so it names one notification.
    /// </summary>
    public string WebhookId => $"{Notification.AccountId}/{Notification.Sequence}";
}

/// <summary>A page of dead letters and the token of the next one (empty on the last page).</summary>
/// <param name="DeadLetters">The dead deliveries, by endpoint, account and sequence.</param>
/// <param name="NextPageToken">Opaque; empty when this page is the last.</param>
public sealed record WebhookDeadLetterPage(IReadOnlyList<WebhookDelivery> DeadLetters, string NextPageToken);
