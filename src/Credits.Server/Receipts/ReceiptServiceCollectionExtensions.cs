using Credits.Ledger.Notifications.Email;
using Credits.Ledger.Outbox;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Credits.Server.Receipts;

/// <summary>Registers receipt emails: options from <c>Receipts</c>, the sender and the outbox service.</summary>
internal static class ReceiptServiceCollectionExtensions
{
    public static IServiceCollection AddReceipts(this IServiceCollection services)
    {
        services.AddOptions<ReceiptOptions>().BindConfiguration(ReceiptOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReceiptOptions>, ReceiptOptionsValidator>();
        services.TryAddSingleton<OutboxStore>();
        services.TryAddSingleton<NotificationMailOutbox>();
        services.AddSingleton<ReceiptSender>();
        services.AddHostedService<ReceiptOutboxService>();
        return services;
    }
}
