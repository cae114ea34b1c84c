using Credits.AspNetCore.Charging;
using Credits.AspNetCore.Http;
using Credits.Client;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Credits.AspNetCore;

/// <summary>Registers the ledger client and what priced endpoints need.</summary>
public static class CreditsServiceCollectionExtensions
{
    /// <summary>
    /// Registers a shared <see cref="CreditsClient"/> to <see cref="CreditsOptions.Address"/> with
    /// <see cref="CreditsOptions.ApiKey"/>, and the gate priced endpoints and gRPC methods charge through. The
    /// options are checked when the host starts.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="configure">Sets the address, key and behaviour.</param>
    /// <returns><paramref name="services"/>, for chaining.</returns>
    public static IServiceCollection AddCreditsClient(this IServiceCollection services, Action<CreditsOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<CreditsOptions>()
            .Configure(configure)
            .Validate(o => o.Address is { IsAbsoluteUri: true }, "Credits: Address must be an absolute http:// or https:// address of the ledger.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ApiKey), "Credits: ApiKey is required.")
            .Validate(o => o.AccountResolver is not null, "Credits: AccountResolver must not be null.")
            .Validate(
                o => o.HoldTtl > TimeSpan.Zero && o.ReserveTimeout > TimeSpan.Zero && o.SettleTimeout > TimeSpan.Zero,
                "Credits: HoldTtl, ReserveTimeout and SettleTimeout must be positive.")
            .ValidateOnStart();
        services.AddSingleton(provider =>
        {
            var options = provider.GetRequiredService<IOptions<CreditsOptions>>().Value;
            return CreditsClient.Create(options.Address!, options.ApiKey!, new CreditsClientOptions { SettleTimeout = options.SettleTimeout });
        });
        services.AddSingleton<CreditsGate>();
        services.AddSingleton<CreditsPipelineCheck>();
        services.AddSingleton<IStartupFilter>(provider => provider.GetRequiredService<CreditsPipelineCheck>());
        return services;
    }
}
