using Credits.Ledger.Outbox;
using MimeKit;

namespace Credits.Server.Receipts;

/// <summary>What composing a receipt gave: a mail to send, or why the message can never be sent.</summary>
internal readonly record struct ComposedReceipt(MimeMessage? Mail, string? Undeliverable);

/// <summary>
/// Turns a <c>receipt.purchase</c> outbox message into a mail. The same outbox message always
/// gives the same Message-ID and Date, so a receipt sent again after a crash (between the send and
/// the outbox update) is recognisable as the same mail.
/// </summary>
internal static class ReceiptComposer
{
    /// <summary>The purchase receipt in every language of <see cref="MailLocale.All"/>.</summary>
    public static MailTemplates PurchaseTemplates { get; } = MailTemplates.Load("purchase", ReceiptValues.Names);

    /// <summary>Composes the receipt with one fixed <paramref name="template"/> and English formats.</summary>
    public static ComposedReceipt Compose(PendingMessage message, ReceiptOptions options, ReceiptTemplate template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Compose(message, options, _ => (template, MailLocale.English));
    }

    /// <summary>
    /// Composes the receipt in the checkout's locale when its payload carries one, else in the
    /// account's <paramref name="accountLocale"/>, else English (see <see cref="MailLocale.For"/>).
    /// </summary>
    public static ComposedReceipt Compose(PendingMessage message, ReceiptOptions options, string? accountLocale) =>
        Compose(message, options, payload =>
        {
            var locale = MailLocale.For(string.IsNullOrEmpty(payload.Locale) ? accountLocale : payload.Locale);
            return (PurchaseTemplates.For(locale), locale);
        });

    /// <summary>Composes the receipt, or says why it can never be sent (no or bad address, unreadable payload).</summary>
    private static ComposedReceipt Compose(PendingMessage message, ReceiptOptions options, Func<ReceiptPayload, (ReceiptTemplate Template, MailLocale Locale)> pick)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(options);
        if (ReceiptPayload.Read(message.PayloadJson) is not { } payload)
        {
            return new(null, "the payload is not a purchase receipt");
        }
        if (string.IsNullOrWhiteSpace(payload.Email))
        {
            return new(null, "the payload has no email address");
        }
        if (ParseAddress(payload.Email) is not { } recipient)
        {
            return new(null, "the payload's email address is not valid");
        }
        if (ReceiptPayload.AvailableAfter(message.ResultJson) is not { } available)
        {
            return new(null, "the grant's result has no balance");
        }
        var sender = ParseAddress(options.From.Address)
            ?? throw new InvalidOperationException("Receipts:From:Address is not a valid address.");

        var (template, locale) = pick(payload);
        var values = ReceiptValues.For(payload, available, message.CreatedAt, locale);
        var body = new BodyBuilder
        {
            TextBody = template.RenderText(values),
            HtmlBody = template.RenderHtml(values),
        };
        var mail = new MimeMessage
        {
            Subject = template.RenderSubject(values),
            Date = message.CreatedAt,
            MessageId = MessageIdOf(message, sender),
            Body = body.ToMessageBody(),
        };
        mail.From.Add(new MailboxAddress(options.From.Name, sender.Address));
        mail.To.Add(recipient);
        return new(mail, null);
    }

    /// <summary>The Message-ID of a receipt (without angle brackets): the outbox message id at the sender's domain.</summary>
    public static string MessageIdOf(PendingMessage message, MailboxAddress sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(sender);
        var at = sender.Address.LastIndexOf('@');
        return $"{message.MessageId}@{sender.Address[(at + 1)..]}";
    }

    /// <summary>One bare email address (no display name, no group, no line breaks), or null.</summary>
    public static MailboxAddress? ParseAddress(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Any(char.IsControl))
        {
            return null;
        }
        var trimmed = text.Trim();
        if (!MailboxAddress.TryParse(trimmed, out var mailbox)
            || !string.Equals(mailbox.Address, trimmed, StringComparison.Ordinal)
            || mailbox.Route.Count > 0)
        {
            return null;
        }
        var at = mailbox.Address.LastIndexOf('@');
        return at > 0 && at < mailbox.Address.Length - 1 ? new MailboxAddress("", mailbox.Address) : null;
    }
}
