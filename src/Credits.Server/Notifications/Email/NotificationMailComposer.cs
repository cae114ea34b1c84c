using System.Collections.Frozen;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Notifications;
using Credits.Server.Receipts;
using MimeKit;

namespace Credits.Server.Notifications.Email;

/// <summary>
/// Turns a notification into a mail with the receipts' templates and rules (subject, text and HTML
/// bodies, values cleaned and HTML-encoded): low balance (the percent crossed, the balance and what
/// it is a percent of), depleted, and credits expiring (the amount, the date, what a rollover keeps
/// and what is lost), and the run-out forecast (when the credits run out). The Message-ID comes from the account and the notification's sequence only,
/// so a mail sent again after a crash is recognisable as the same mail.
/// </summary>
internal static class NotificationMailComposer
{
    public const string Percent = "percent";
    public const string Balance = "balance";
    public const string TopUpBalance = "topUpBalance";
    public const string Amount = "amount";
    public const string ExpiresAt = "expiresAt";
    public const string Rollover = "rollover";
    public const string Lost = "lost";
    public const string AccountId = "accountId";
    public const string Date = "date";
    public const string RunOutAt = "runOutAt";
    public const string SuggestedPack = "suggestedPack";

    private static readonly FrozenSet<string> Names = new[] { Percent, Balance, TopUpBalance, Amount, ExpiresAt, Rollover, Lost, AccountId, Date, RunOutAt, SuggestedPack }
        .ToFrozenSet(StringComparer.Ordinal);

    /// <summary>LOW_BALANCE: the percent crossed, the balance, the top-up balance it is a percent of.</summary>
    public static MailTemplates LowBalanceTemplate { get; } = MailTemplates.Load("notification_low_balance", Names);

    /// <summary>DEPLETED: no credits left.</summary>
    public static MailTemplates DepletedTemplate { get; } = MailTemplates.Load("notification_depleted", Names);

    /// <summary>CREDITS_EXPIRING: the amount, the date, what rolls over and what is lost.</summary>
    public static MailTemplates ExpiringTemplate { get; } = MailTemplates.Load("notification_expiring", Names);

    /// <summary>RUN_OUT_FORECAST: when the credits run out at the recent pace, the balance.</summary>
    public static MailTemplates RunOutTemplate { get; } = MailTemplates.Load("notification_run_out", Names);

    /// <summary>
    /// Composes the mail to <paramref name="address"/> in the account's <paramref name="locale"/> (see
    /// <see cref="MailLocale.For"/>), or says why it can never be sent (no or bad address, unknown kind).
    /// </summary>
    public static ComposedReceipt Compose(AccountNotification notification, string? address, ReceiptOptions options, string? locale = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(options);
        if (ReceiptComposer.ParseAddress(address) is not { } recipient)
        {
            return new(null, "the account has no valid email address");
        }
        var language = MailLocale.For(locale);
        var templates = notification.Kind switch
        {
            NotificationKind.LowBalance => LowBalanceTemplate,
            NotificationKind.Depleted => DepletedTemplate,
            NotificationKind.CreditsExpiring when notification.Expiring is not null => ExpiringTemplate,
            NotificationKind.RunOutForecast when notification.RunOutAt is not null => RunOutTemplate,
            _ => null,
        };
        if (templates is null)
        {
            return new(null, $"no email template for the notification kind {notification.Kind}");
        }
        var template = templates.For(language);
        var sender = ReceiptComposer.ParseAddress(options.From.Address)
            ?? throw new InvalidOperationException("Receipts:From:Address is not a valid address.");
        var values = ValuesOf(notification, language);
        var body = new BodyBuilder { TextBody = template.RenderText(values), HtmlBody = template.RenderHtml(values) };
        var mail = new MimeMessage
        {
            Subject = template.RenderSubject(values),
            Date = notification.CreatedAt,
            MessageId = MessageIdOf(notification, sender),
            Body = body.ToMessageBody(),
        };
        mail.From.Add(new MailboxAddress(options.From.Name, sender.Address));
        mail.To.Add(recipient);
        return new(mail, null);
    }

    /// <summary>
    /// The Message-ID (without angle brackets): a hash of the account id (which may hold characters a
    /// Message-ID may not, such as ':') and the sequence, at the sender's domain.
    /// </summary>
    public static string MessageIdOf(AccountNotification notification, MailboxAddress sender)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentNullException.ThrowIfNull(sender);
        var account = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(notification.AccountId)))[..24];
        var at = sender.Address.LastIndexOf('@');
        return $"notification.{account}.{notification.Sequence.ToString(CultureInfo.InvariantCulture)}@{sender.Address[(at + 1)..]}";
    }

    private static Dictionary<string, string> ValuesOf(AccountNotification notification, MailLocale locale)
    {
        var expiring = notification.Expiring;
        return new(StringComparer.Ordinal)
        {
            [Percent] = notification.ThresholdPercent.ToString(CultureInfo.InvariantCulture),
            [Balance] = locale.Number(notification.Balance),
            [TopUpBalance] = locale.Number(notification.TopUpBalance),
            [Amount] = locale.Number(expiring?.Amount ?? 0),
            [ExpiresAt] = expiring is null ? "" : locale.Minute(expiring.ExpiresAt),
            [Rollover] = locale.Number(expiring?.RolloverAmount ?? 0),
            [Lost] = locale.Number(expiring is null ? 0 : Math.Max(0, expiring.Amount - expiring.RolloverAmount)),
            [AccountId] = notification.AccountId,
            [Date] = locale.Minute(notification.CreatedAt),
            [RunOutAt] = notification.RunOutAt is { } runOutAt ? locale.Minute(runOutAt) : "",
            [SuggestedPack] = SuggestedPackLine(notification, locale),
        };
    }

    /// <summary>The one line naming the pack suggested when it fired and its link (empty without a pack): the same as the list and the webhook.</summary>
    private static string SuggestedPackLine(AccountNotification notification, MailLocale locale)
    {
        if (notification.SuggestedPackId.Length == 0)
        {
            return "";
        }
        var german = locale == MailLocale.German;
        var pack = (german ? "Empfohlenes Paket: " : "Suggested pack: ") + notification.SuggestedPackId;
        return notification.PurchaseUrl.Length == 0 ? pack : pack + (german ? ", hier kaufen: " : ", buy it at ") + notification.PurchaseUrl;
    }
}
