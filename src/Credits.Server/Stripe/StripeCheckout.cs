using Credits.Ledger.Payments;
using global::Stripe;
using global::Stripe.Checkout;

namespace Credits.Server.Stripe;

/// <summary>
/// CreateCheckoutSession: a Stripe Checkout session in payment mode for one pack's price, naming
/// the account in <c>client_reference_id</c> and the pack in <c>metadata.pack_id</c>, which is how
/// the webhook later knows what to grant. What the session was sold for (account, pack, credits,
/// amount, currency) is recorded before the customer gets its URL: the webhook grants a completed
/// session only as it was sold (<see cref="CheckoutMatch"/>).
/// </summary>
public sealed partial class StripeCheckout(
    StripeSettings stripeSettings,
    PackCatalog catalog,
    StripeClientFactory clients,
    SoldCheckoutStore sold,
    CheckoutGuard guard,
    OfferGate offers,
    TimeProvider time,
    ILogger<StripeCheckout> logger)
{
    /// <summary>
    /// Creates the session; bad input (return URLs off the shop's origins included) is INVALID_ARGUMENT, the
    /// account's hourly allowance spent RESOURCE_EXHAUSTED, an unknown pack NOT_FOUND, a pack the account may not buy now FAILED_PRECONDITION
    /// OFFER_NOT_AVAILABLE, Stripe unreachable UNAVAILABLE.
    /// </summary>
    public async Task<CheckoutSession> CreateAsync(CheckoutRequest request, string caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        guard.Admit(request);
        if (!catalog.TryGet(request.PackId, out var pack))
        {
            throw StripeErrors.PackNotFound(request.PackId);
        }
        var settings = stripeSettings.Current;
        if (settings.ApiKey.Length == 0)
        {
            LogNotConfigured();
            throw StripeErrors.NotConfigured();
        }
        // A limited offer's place is taken before Stripe is asked, so two concurrent checkouts of
        // the last place never both get a session; it is given back if no session comes of it.
        var claim = await offers.AdmitAsync(request.AccountId, request.PackId, pack.Offer(), $"{caller}:{request.IdempotencyKey}", cancellationToken);
        var metadata = new Dictionary<string, string> { ["pack_id"] = request.PackId, ["account_id"] = request.AccountId };
        var session = new SessionCreateOptions
        {
            Mode = "payment",
            ClientReferenceId = request.AccountId,
            LineItems = [new SessionLineItemOptions { Price = pack.PriceId, Quantity = 1 }],
            SuccessUrl = request.SuccessUrl,
            CancelUrl = request.CancelUrl,
            Metadata = metadata,
            Locale = StripeLocales.For(request.Locale),
            // Refunds and disputes show the payment intent in Stripe's dashboard: the account and
            // pack on it let support find the customer.
            PaymentIntentData = new SessionPaymentIntentDataOptions { Metadata = new Dictionary<string, string>(metadata) },
        };
        // Keys are scoped by caller in the ledger; Stripe's are per account, so the caller goes in
        // the key, and two services using the same key never get each other's session.
        var requestOptions = new RequestOptions { IdempotencyKey = $"{caller}:{request.IdempotencyKey}" };
        Session created;
        try
        {
            created = await CreateAtStripeAsync(settings, session, requestOptions, request.IdempotencyKey, cancellationToken);
        }
        catch (Exception) when (claim is not null)
        {
            // No session was created: the place goes back (a retry with the same key claims it again).
            await offers.ReleaseAsync(request.AccountId, request.PackId, claim, CancellationToken.None);
            throw;
        }
        if (claim is not null)
        {
            await offers.AttachAsync(request.AccountId, request.PackId, claim, created.Id, cancellationToken);
        }
        // Stripe's own quote for the session is what it will charge; the catalogue's display price
        // stands in only if Stripe did not say. If recording fails the caller retries with the same
        // key, Stripe returns the same session, and it is recorded then: the URL is never handed out
        // for a session that is not recorded.
        await sold.RecordAsync(new SoldCheckout(created.Id, request.AccountId, PackCatalog.ToCreditPack(request.PackId, pack),
            created.AmountTotal ?? pack.UnitAmount, string.IsNullOrEmpty(created.Currency) ? NullIfEmpty(pack.Currency) : created.Currency,
            time.GetUtcNow()) { Locale = request.Locale }, cancellationToken);
        return new CheckoutSession(created.Id, created.Url, created.ExpiresAt == default ? null : new DateTimeOffset(created.ExpiresAt, TimeSpan.Zero));
    }

    private async Task<Session> CreateAtStripeAsync(StripeOptions settings, SessionCreateOptions session, RequestOptions requestOptions,
        string idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            return await new SessionService(clients.Create(settings)).CreateAsync(session, requestOptions, cancellationToken);
        }
        catch (StripeException error)
        {
            LogStripeError(error, (int)error.HttpStatusCode, error.StripeError?.Type, error.StripeError?.Code);
            throw StripeErrors.From(error, idempotencyKey);
        }
        catch (Exception error) when (error is HttpRequestException
                                          || (error is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            LogUnreachable(error);
            throw StripeErrors.Unreachable();
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    [LoggerMessage(Level = LogLevel.Error, Message = "CreateCheckoutSession called, but Stripe:ApiKey is not configured")]
    private partial void LogNotConfigured();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe answered {HttpStatus} ({StripeType} {StripeCode}) to a checkout session request")]
    private partial void LogStripeError(Exception error, int httpStatus, string? stripeType, string? stripeCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe could not be reached to create a checkout session")]
    private partial void LogUnreachable(Exception error);
}
