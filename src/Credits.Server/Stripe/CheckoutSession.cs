namespace Credits.Server.Stripe;

/// <summary>A Checkout session Stripe created: where to send the customer.</summary>
/// <param name="SessionId">The session id (cs_...).</param>
/// <param name="Url">The Stripe-hosted payment page.</param>
/// <param name="ExpiresAt">When the session stops accepting payment.</param>
public sealed record CheckoutSession(string SessionId, string Url, DateTimeOffset? ExpiresAt);
