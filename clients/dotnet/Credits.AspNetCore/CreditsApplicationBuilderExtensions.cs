using Credits.AspNetCore.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.AspNetCore;

/// <summary>Adds the middleware that charges priced endpoints.</summary>
public static class CreditsApplicationBuilderExtensions
{
    /// <summary>
    /// Charges requests to endpoints priced with <c>RequireCredits</c> or <see cref="RequireCreditsAttribute"/>. Place it
    /// after authentication (the account comes from the signed-in user) and before the endpoints run; a
    /// <see cref="WebApplication"/> routes first on its own, so <c>app.UseAuthentication(); app.UseCredits();</c> is enough.
    /// </summary>
    /// <param name="app">The application's pipeline.</param>
    /// <returns><paramref name="app"/>, for chaining.</returns>
    public static IApplicationBuilder UseCredits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var check = app.ApplicationServices.GetService<CreditsPipelineCheck>()
            ?? throw new InvalidOperationException("app.UseCredits() needs services.AddCreditsClient(...) first.");
        check.MiddlewareAdded = true;
        return app.UseMiddleware<CreditsMiddleware>();
    }
}
