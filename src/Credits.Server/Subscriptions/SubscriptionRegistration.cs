using Credits.Ledger.Subscriptions;
using Microsoft.Extensions.Options;

namespace Credits.Server.Subscriptions;

/// <summary>Wires subscriptions: the tier catalogue, the processor and the renewal of manual subscriptions.</summary>
internal static class SubscriptionRegistration
{
    public static IServiceCollection AddSubscriptions(this IServiceCollection services)
    {
        services.AddOptions<SubscriptionOptions>().BindConfiguration(SubscriptionOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SubscriptionOptions>, SubscriptionOptionsValidator>();
        services.AddSingleton<ISubscriptionCatalog, ConfiguredSubscriptionCatalog>();
        services.AddSingleton<SubscriptionProcessor>();
        services.AddHostedService<SubscriptionRenewalService>();
        return services;
    }
}
