namespace Credits.Stripe.Tests.Support;

/// <summary>One request the fake Stripe API received: its form fields, <c>Idempotency-Key</c> and <c>Authorization</c> headers.</summary>
public sealed record StripeRequest(IReadOnlyDictionary<string, string> Form, string IdempotencyKey, string Authorization);
