using Microsoft.AspNetCore.Builder;

namespace Credits.AspNetCore;

/// <summary>The one-liners that price a minimal API endpoint (or a group of them).</summary>
public static class CreditsEndpointConventionBuilderExtensions
{
    /// <summary>Charges each successful request the price of <paramref name="feature"/> in the ledger's catalogue, times <paramref name="quantity"/>.</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">What <c>MapPost</c> and friends return.</param>
    /// <param name="feature">The catalogue feature, for example <c>image.generate</c>.</param>
    /// <param name="quantity">Units of the feature, at least 1.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static TBuilder RequireCredits<TBuilder>(this TBuilder builder, string feature, long quantity = 1)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequireCreditsAttribute(feature, quantity));

    /// <summary>Charges each successful request <paramref name="amount"/> credits.</summary>
    /// <typeparam name="TBuilder">The endpoint or group builder.</typeparam>
    /// <param name="builder">What <c>MapPost</c> and friends return.</param>
    /// <param name="amount">Credits, at least 1.</param>
    /// <returns><paramref name="builder"/>, for chaining.</returns>
    public static TBuilder RequireCredits<TBuilder>(this TBuilder builder, long amount)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequireCreditsAttribute(amount));
}
