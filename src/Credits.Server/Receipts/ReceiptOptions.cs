namespace Credits.Server.Receipts;

/// <summary>
/// Receipt emails, bound from <c>Receipts</c>. Sending is off while <c>Receipts:Smtp:Host</c> is
/// empty: receipts then wait in the outbox until a mail server is configured.
/// </summary>
public sealed class ReceiptOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Receipts";

    /// <summary>The outbox topic the Stripe webhook writes purchase receipts to.</summary>
    public const string PurchaseTopic = "receipt.purchase";

    /// <summary>The mail server.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>The sender of every receipt.</summary>
    public SenderOptions From { get; set; } = new();

    /// <summary>Time between two looks at the outbox. Default 5 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wait before the first retry of a failed receipt; doubles with each further failure. Default 1 minute.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The largest <see cref="RetryDelayMax"/> accepted.</summary>
    public static readonly TimeSpan RetryDelayLimit = TimeSpan.FromDays(7);

    /// <summary>The longest wait between two retries; at most <see cref="RetryDelayLimit"/>. Default 1 hour.</summary>
    public TimeSpan RetryDelayMax { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The default of <see cref="MaxAttempts"/>: about two days of retries at the default hourly cap.</summary>
    public const int MaxAttemptsDefault = 48;

    /// <summary>
    /// Attempts at one message, the first included, before it is given up and marked dead (never
    /// sent or retried again; kept in the outbox table for an operator). At least 1. Default
    /// <see cref="MaxAttemptsDefault"/>: with a 1-minute first delay doubling to a 1-hour cap, the
    /// 48th attempt comes about 42 hours after the first.
    /// </summary>
    public int MaxAttempts { get; set; } = MaxAttemptsDefault;

    /// <summary>Receipts sent per look at the outbox (over one SMTP connection). Default 20.</summary>
    public int BatchSize { get; set; } = 20;

    /// <summary>Whether a mail server is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Smtp.Host);
}

/// <summary>The mail server receipts go through, bound from <c>Receipts:Smtp</c>.</summary>
public sealed class SmtpOptions
{
    /// <summary>Host name or address; empty turns receipts off.</summary>
    public string Host { get; set; } = "";

    /// <summary>Port. Default 587 (submission).</summary>
    public int Port { get; set; } = 587;

    /// <summary>Transport security. Default <see cref="SmtpTls.Auto"/>.</summary>
    public SmtpTls UseTls { get; set; } = SmtpTls.Auto;

    /// <summary>User name for SMTP authentication; empty sends without authenticating.</summary>
    public string Username { get; set; } = "";

    /// <summary>Password for SMTP authentication; set it through the environment (<c>Receipts__Smtp__Password</c>), not a file.</summary>
    public string Password { get; set; } = "";

    /// <summary>How long one SMTP operation (connect, a command) may take. Default 30 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>How the SMTP connection is secured.</summary>
public enum SmtpTls
{
    /// <summary>TLS on connect for port 465, otherwise STARTTLS when the server offers it.</summary>
    Auto,

    /// <summary>STARTTLS, required: a server that does not offer it is an error.</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    SslOnConnect,

    /// <summary>Plaintext; for a relay on loopback or a test server only.</summary>
    None,
}

/// <summary>The sender's address and display name, bound from <c>Receipts:From</c>.</summary>
public sealed class SenderOptions
{
    /// <summary>The address receipts come from, for example <c>receipts@example.com</c>; required when sending is on.</summary>
    public string Address { get; set; } = "";

    /// <summary>The display name. Default "Credits".</summary>
    public string Name { get; set; } = "Credits";
}
