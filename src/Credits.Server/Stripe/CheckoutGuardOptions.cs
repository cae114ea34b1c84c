namespace Credits.Server.Stripe;

/// <summary>What a checkout request may ask for (section <c>Stripe</c>, beside <see cref="StripeOptions"/>).</summary>
public sealed class CheckoutGuardOptions
{
    /// <summary>
    /// The origins (<c>https://shop.example.com</c>) Stripe's payment page may send customers back
    /// to; <c>success_url</c> and <c>cancel_url</c> elsewhere are refused. Empty: the browser
    /// origins (<c>Browser:AllowedOrigins</c>), the pages that start checkouts. Without either the
    /// server refuses to start with a Stripe key: any URL would make Stripe's page an open redirect.
    /// </summary>
    public List<string> ReturnOrigins { get; set; } = [];

    /// <summary>
    /// Checkout sessions one account may start an hour (bursts of that many). Each is a call to
    /// Stripe's API on the server's key, which Stripe rate-limits for the whole account.
    /// </summary>
    public int CheckoutSessionsPerAccountPerHour { get; set; } = 30;
}
