using System.Collections.Frozen;
using Credits.Ledger.Outbox;
using Credits.Ledger.Subscriptions;
using MimeKit;

namespace Credits.Server.Receipts;

/// <summary>
/// Turns a subscription outbox message into a mail: a renewal (credits added, the rollover carried,
/// the next renewal date) or a cancellation confirmation (when it takes effect; credits stay until
/// they expire). Same Message-ID and Date rules as purchase receipts.
/// </summary>
internal static class SubscriptionMailComposer
{
    public const string Tier = "tier";
    public const string Credits = "credits";
    public const string Rollover = "rollover";
    public const string Available = "available";
    public const string NextRenewal = "nextRenewal";
    public const string EffectiveAt = "effectiveAt";
    public const string AccountId = "accountId";
    public const string SubscriptionId = "subscriptionId";
    public const string Date = "date";

    private static readonly FrozenSet<string> Names = new[] { Tier, Credits, Rollover, Available, NextRenewal, EffectiveAt, AccountId, SubscriptionId, Date }
        .ToFrozenSet(StringComparer.Ordinal);

    public static MailTemplates RenewalTemplate { get; } = MailTemplates.Load("subscription_renewal", Names);

    public static MailTemplates CancellationTemplate { get; } = MailTemplates.Load("subscription_canceled", Names);

    /// <summary>Composes the mail in the account's <paramref name="locale"/> (see <see cref="MailLocale.For"/>: English when none).</summary>
    public static ComposedReceipt Compose(PendingMessage message, ReceiptOptions options, string? locale = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        var language = MailLocale.For(locale);
        var template = (message.Topic == SubscriptionEmails.RenewalTopic ? RenewalTemplate : CancellationTemplate).For(language);
        if (SubscriptionMailPayload.Read(message.PayloadJson) is not { } payload)
        {
            return new(null, "the payload is not a subscription email");
        }
        if (ReceiptComposer.ParseAddress(payload.Email) is not { } recipient)
        {
            return new(null, "the payload has no valid email address");
        }
        var sender = ReceiptComposer.ParseAddress(options.From.Address)
            ?? throw new InvalidOperationException("Receipts:From:Address is not a valid address.");
        var values = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Tier] = payload.TierId ?? "",
            [Credits] = language.Number(payload.Credits),
            [Rollover] = language.Number(SubscriptionMailPayload.RolloverAfter(message.ResultJson)),
            [Available] = language.Number(ReceiptPayload.AvailableAfter(message.ResultJson) ?? 0),
            [NextRenewal] = payload.NextRenewal is { } next ? language.Minute(next) : "",
            [EffectiveAt] = payload.EffectiveAt is { } effective ? language.Minute(effective) : "",
            [AccountId] = payload.AccountId ?? "",
            [SubscriptionId] = payload.SubscriptionId ?? "",
            [Date] = language.Minute(message.CreatedAt),
        };
        var body = new BodyBuilder { TextBody = template.RenderText(values), HtmlBody = template.RenderHtml(values) };
        var mail = new MimeMessage
        {
            Subject = template.RenderSubject(values),
            Date = message.CreatedAt,
            MessageId = ReceiptComposer.MessageIdOf(message, sender),
            Body = body.ToMessageBody(),
        };
        mail.From.Add(new MailboxAddress(options.From.Name, sender.Address));
        mail.To.Add(recipient);
        return new(mail, null);
    }
}
