using Credits.Ledger.Notifications.Webhooks;
using Microsoft.Extensions.Options;

namespace Credits.Server.Webhooks;

/// <summary>Registers notification webhooks: options from <c>NotificationWebhooks</c>, the queue, the dead letters and the dispatcher.</summary>
internal static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddNotificationWebhooks(this IServiceCollection services)
    {
        services.AddOptions<NotificationWebhookOptions>().BindConfiguration(NotificationWebhookOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationWebhookOptions>, NotificationWebhookOptionsValidator>();
        services.AddSingleton<WebhookOutbox>();
        services.AddSingleton<WebhookDeadLetters>();
        services.AddHostedService<NotificationWebhookDispatcher>();
        return services;
    }
}
