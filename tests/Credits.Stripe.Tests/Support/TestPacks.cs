namespace Credits.Stripe.Tests.Support;

/// <summary>The pack catalogue every test server is configured with.</summary>
public static class TestPacks
{
    /// <summary>100 credits for $10.00, never expiring, no bonus.</summary>
    public const string Starter = "starter";
    public const string StarterName = "Starter pack";
    public const long StarterCredits = 100;
    public const string StarterPrice = "price_starter_test";
    public const long StarterAmount = 1000;

    /// <summary>500 credits plus 50 bonus for $45.00, lasting 12 months.</summary>
    public const string Pro = "pro";
    public const string ProName = "Pro pack";
    public const long ProCredits = 500;
    public const long ProBonus = 50;
    public const string ProPrice = "price_pro_test";
    public const long ProAmount = 4500;
    public const int ProValidityMonths = 12;
}
