namespace Credits.Stripe.Tests.Support;

/// <summary>The Stripe ids of one payment: its Checkout session, payment intent and charge.</summary>
public sealed record Payment(string SessionId, string PaymentIntentId, string ChargeId)
{
    public static Payment New() => new(StripeObjects.NewId("cs_test_"), StripeObjects.NewId("pi_"), StripeObjects.NewId("ch_"));
}
