using Credits.AspNetCore.Charging;
using Microsoft.AspNetCore.Http;

namespace Credits.AspNetCore.Http;

/// <summary>What a priced handler may do with its charge.</summary>
public static class HttpContextCreditsExtensions
{
    /// <summary>The credits held for this request, or <see langword="null"/> if its endpoint is not priced.</summary>
    /// <param name="context">The request.</param>
    /// <returns>The charge.</returns>
    public static CreditCharge? GetCreditCharge(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<CreditCharge>();
    }

    /// <summary>
    /// Says this request used only <paramref name="credits"/> of its price: on success that much is committed and
    /// the rest goes back (0 releases the hold). Call it before writing the body for <c>Credits-Remaining</c> to count it.
    /// </summary>
    /// <param name="context">The request.</param>
    /// <param name="credits">From 0 to the price.</param>
    /// <exception cref="InvalidOperationException">The endpoint is not priced, or <c>app.UseCredits()</c> is missing.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="credits"/> is negative or more than the price.</exception>
    public static void UseCredits(this HttpContext context, long credits)
    {
        var charge = context.GetCreditCharge()
            ?? throw new InvalidOperationException("This request is not priced: add RequireCredits to its endpoint and app.UseCredits() to the pipeline.");
        charge.UseCredits(credits);
    }
}
