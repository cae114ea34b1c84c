using Credits.Server.Hosting;
using Credits.Ledger.Payments;
using Credits.Ledger.Payments.Offers;
using Credits.Ledger.Subscriptions;
using Microsoft.Extensions.Options;

namespace Credits.Server.Stripe;

/// <summary>Wires the Stripe side: configuration, the pack catalogue, checkout, and the webhook.</summary>
internal static class StripeRegistration
{
    public static IServiceCollection AddStripePayments(this IServiceCollection services)
    {
        services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StripeOptions>, StripeOptionsValidator>();
        services.AddSingleton<StripeSettings>();
        services.AddHostedService(provider => provider.GetRequiredService<StripeSettings>());
        services.AddSingleton<PackCatalog>();
        services.AddSingleton<PackListing>();
        services.AddSingleton<StripeClientFactory>();
        services.AddSingleton<StripeCheckout>();
        services.AddOptions<CheckoutGuardOptions>().BindConfiguration(StripeOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CheckoutGuardOptions>, CheckoutGuardOptionsValidator>();
        services.AddSingleton<CheckoutGuard>();
        services.AddSingleton<SoldCheckoutStore>();
        services.AddSingleton<OfferClaimStore>();
        services.AddSingleton<OfferGate>();
        services.AddSingleton<PaymentProcessor>();
        services.AddSingleton<WebhookEventLog>();
        services.AddHostedService<StripeEventPruningService>();
        services.AddSingleton<UnappliedEventStore>();
        services.AddSingleton<StripeEventHandler>();
        services.AddSingleton<StripeWebhook>();
        return services;
    }

    /// <summary>Maps <c>POST /stripe/webhook</c>: no API key, the Stripe signature is the authentication.</summary>
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost(StripeWebhook.Path, (HttpContext context, StripeWebhook webhook) => webhook.HandleAsync(context))
            .ServeOn(Listener.Webhooks);
        return endpoints;
    }
}
