namespace Credits.Stripe.Tests.Support;

/// <summary>An error the fake Stripe API answers with: HTTP status, Stripe error type and code.</summary>
public sealed record StripeFailure(int HttpStatus, string Type, string Code);
