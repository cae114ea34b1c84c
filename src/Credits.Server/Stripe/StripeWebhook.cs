using System.Text;
using System.Text.Json;
using Credits.Ledger.Errors;
using global::Stripe;

namespace Credits.Server.Stripe;

/// <summary>
/// <c>POST /stripe/webhook</c>: open to the internet, so it trusts nothing until Stripe.net's
/// <see cref="EventUtility"/> has verified the <c>Stripe-Signature</c> header against the endpoint's
/// secret, within the tolerance, on the server's clock. Stripe retries anything but a 2xx for days:
/// a bad request gets 400 (Stripe cannot fix it by retrying, but no harm), a ledger that is down
/// gets 503 (the retry will succeed), an applied, duplicate, ignored or unapplied (kept for a replay)
/// event gets 200.
/// </summary>
internal sealed partial class StripeWebhook(
    StripeSettings stripeSettings,
    StripeEventHandler handler,
    TimeProvider time,
    ILogger<StripeWebhook> logger)
{
    public const string Path = "/stripe/webhook";

    public const string SignatureHeader = "Stripe-Signature";

    /// <summary>Stripe's events are a few kilobytes; anything much bigger is not one of them.</summary>
    public const int BodyBytesMax = 512 * 1024;

    public async Task<IResult> HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cancellationToken = context.RequestAborted;
        var settings = stripeSettings.Current;
        if (settings.WebhookSecret.Length == 0)
        {
            LogNoSecret();
            return Results.Problem("The Stripe webhook secret is not configured.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
        var signature = context.Request.Headers[SignatureHeader].ToString();
        if (signature.Length == 0)
        {
            return Rejected("The Stripe-Signature header is missing.");
        }
        var body = await ReadBodyAsync(context.Request, cancellationToken);
        if (body is null)
        {
            return Results.Problem($"The body is larger than {BodyBytesMax} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        }
        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(body, signature, settings.WebhookSecret, settings.WebhookToleranceSeconds,
                time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (StripeException error)
        {
            // A forged, tampered, unsigned, stale or future-dated event: Stripe.net says which.
            return Rejected(error.Message);
        }
        catch (Exception error) when (error is JsonException or InvalidOperationException or FormatException or ArgumentException
                                          or OverflowException or NotSupportedException)
        {
            return Rejected("The body is not a Stripe event.");
        }
        if (string.IsNullOrEmpty(stripeEvent.Id) || string.IsNullOrEmpty(stripeEvent.Type))
        {
            return Rejected("The event has no id or type.");
        }
        if (StripeEventText.HoldsNul(body))
        {
            return Rejected("The event holds a NUL character, which no Stripe event does.");
        }
        try
        {
            var outcome = await handler.HandleAsync(stripeEvent, body, cancellationToken);
            return Results.Json(new Dictionary<string, string> { ["received"] = stripeEvent.Id, ["outcome"] = outcome });
        }
        catch (LedgerException error) when (error.Kind == LedgerErrorKind.Unavailable)
        {
            LogUnavailable(stripeEvent.Id, stripeEvent.Type);
            return Results.Problem("The ledger is unavailable; Stripe will retry.", statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private IResult Rejected(string why)
    {
        LogRejected(why);
        return Results.Problem(why, statusCode: StatusCodes.Status400BadRequest);
    }

    // The signature covers the exact bytes, so the body is read whole, as sent, and bounded.
    private static async Task<string?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > BodyBytesMax)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > BodyBytesMax)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a Stripe webhook call. {Why}")]
    private partial void LogRejected(string why);

    [LoggerMessage(Level = LogLevel.Error, Message = "A Stripe webhook call arrived, but Stripe:WebhookSecret is not configured")]
    private partial void LogNoSecret();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stripe event {EventId} ({EventType}) could not be applied: the ledger is unavailable")]
    private partial void LogUnavailable(string eventId, string eventType);
}
