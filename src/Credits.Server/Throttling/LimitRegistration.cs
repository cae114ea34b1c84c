using Microsoft.Extensions.Options;

namespace Credits.Server.Throttling;

/// <summary>Registers the per-caller limits (section <c>Limits</c>).</summary>
internal static class LimitRegistration
{
    public static IServiceCollection AddCallLimits(this IServiceCollection services)
    {
        services.AddOptions<CallLimitOptions>().BindConfiguration(CallLimitOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CallLimitOptions>, CallLimitOptionsValidator>();
        services.AddSingleton<RequestRateLimits>();
        services.AddSingleton<StreamLimits>();
        services.AddSingleton<CallLimitInterceptor>();
        return services;
    }
}
