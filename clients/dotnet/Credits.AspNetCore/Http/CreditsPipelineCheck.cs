using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Credits.AspNetCore.Http;

/// <summary>
/// Refuses to start an app that prices HTTP endpoints but never calls <c>app.UseCredits()</c>: without the
/// middleware those endpoints would run for free, silently, which is the one mistake this package must not allow.
/// </summary>
internal sealed class CreditsPipelineCheck : IStartupFilter
{
    /// <summary>Set by <see cref="CreditsApplicationBuilderExtensions.UseCredits(IApplicationBuilder)"/> when it adds the middleware.</summary>
    public bool MiddlewareAdded { get; set; }

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        if (MiddlewareAdded)
        {
            return;
        }

        var priced = app.ApplicationServices.GetService<EndpointDataSource>()?.Endpoints
            .FirstOrDefault(endpoint =>
                endpoint.Metadata.GetMetadata<RequireCreditsAttribute>() is not null
                && endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is null);
        if (priced is not null)
        {
            throw new InvalidOperationException(
                $"The endpoint '{priced.DisplayName}' requires credits, but app.UseCredits() was never called: add it after app.UseAuthentication().");
        }
    };
}
