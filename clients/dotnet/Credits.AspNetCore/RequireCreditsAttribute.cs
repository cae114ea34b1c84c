namespace Credits.AspNetCore;

/// <summary>
/// Prices an endpoint, a controller action or a product gRPC method: a feature of the ledger's price catalogue
/// (times a quantity), or a fixed amount of credits. As endpoint metadata it is what
/// <see cref="CreditsEndpointConventionBuilderExtensions.RequireCredits{TBuilder}(TBuilder, string, long)"/> adds;
/// on a controller, an action or a gRPC service method it is read the same way.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class RequireCreditsAttribute : Attribute
{
    /// <summary>Prices by a feature of the ledger's catalogue: the ledger multiplies its price by <paramref name="quantity"/>.</summary>
    /// <param name="feature">The catalogue feature, for example <c>image.generate</c>.</param>
    /// <param name="quantity">Units of the feature, at least 1.</param>
    public RequireCreditsAttribute(string feature, long quantity = 1)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        ArgumentOutOfRangeException.ThrowIfLessThan(quantity, 1);
        Feature = feature;
        Quantity = quantity;
    }

    /// <summary>Prices by a fixed amount of credits.</summary>
    /// <param name="amount">Credits, at least 1.</param>
    public RequireCreditsAttribute(long amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, 1);
        Amount = amount;
        Quantity = 1;
    }

    /// <summary>The catalogue feature, or <see langword="null"/> for a fixed amount.</summary>
    public string? Feature { get; }

    /// <summary>Units of <see cref="Feature"/>; 1 for a fixed amount.</summary>
    public long Quantity { get; }

    /// <summary>The fixed amount, or <see langword="null"/> when priced by <see cref="Feature"/>.</summary>
    public long? Amount { get; }

    /// <inheritdoc/>
    public override string ToString() => Feature is null ? $"{Amount} credits" : $"{Feature} x{Quantity}";
}
