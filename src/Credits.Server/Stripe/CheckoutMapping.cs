using Credits.Ledger.Payments;
using Google.Protobuf.WellKnownTypes;
using V1 = Credits.V1;

namespace Credits.Server.Stripe;

/// <summary>Checkout requests and sessions between proto and the server's types.</summary>
internal static class CheckoutMapping
{
    public static CheckoutRequest ToCheckoutRequest(this V1.CreateCheckoutSessionRequest request) =>
        new(request.AccountId, request.PackId, request.SuccessUrl, request.CancelUrl, request.IdempotencyKey) { Locale = request.Locale };

    public static V1.CreateCheckoutSessionResponse ToResponse(this CheckoutSession session) => new()
    {
        SessionId = session.SessionId,
        Url = session.Url ?? "",
        ExpiresAt = session.ExpiresAt is { } expiresAt ? Timestamp.FromDateTimeOffset(expiresAt) : null,
    };
}
