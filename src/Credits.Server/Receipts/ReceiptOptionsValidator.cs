using MimeKit;
using Microsoft.Extensions.Options;

namespace Credits.Server.Receipts;

/// <summary>
/// Checks <see cref="ReceiptOptions"/> at start-up; while sending is off only the attempt limit is
/// checked (so a bad value is found before a mail server is configured, not after).
/// </summary>
internal sealed class ReceiptOptionsValidator : IValidateOptions<ReceiptOptions>
{
    /// <summary>The largest <see cref="ReceiptOptions.MaxAttempts"/> accepted: at the longest cap of 7 days, years of retries.</summary>
    public const int MaxAttemptsLimit = 10_000;

    public ValidateOptionsResult Validate(string? name, ReceiptOptions options)
    {
        var failures = new List<string>();
        if (options.MaxAttempts is < 1 or > MaxAttemptsLimit)
        {
            failures.Add($"Receipts:MaxAttempts must be between 1 and {MaxAttemptsLimit} (attempts at one email, the first included, before it is marked dead); it is {options.MaxAttempts}.");
        }
        if (!options.Enabled)
        {
            return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
        if (options.Smtp.Port is < 1 or > 65535)
        {
            failures.Add("Receipts:Smtp:Port must be between 1 and 65535.");
        }
        if (!Enum.IsDefined(options.Smtp.UseTls))
        {
            failures.Add("Receipts:Smtp:UseTls must be Auto, StartTls, SslOnConnect or None.");
        }
        if (options.Smtp.Timeout <= TimeSpan.Zero)
        {
            failures.Add("Receipts:Smtp:Timeout must be more than zero.");
        }
        if (string.IsNullOrEmpty(options.Smtp.Username) != string.IsNullOrEmpty(options.Smtp.Password))
        {
            failures.Add("Receipts:Smtp:Username and Receipts:Smtp:Password must be set together.");
        }
        if (ReceiptComposer.ParseAddress(options.From.Address) is null)
        {
            failures.Add("Receipts:From:Address must be one email address.");
        }
        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromHours(1))
        {
            failures.Add("Receipts:PollInterval must be more than zero and at most 1 hour.");
        }
        if (options.RetryDelay <= TimeSpan.Zero)
        {
            failures.Add("Receipts:RetryDelay must be more than zero.");
        }
        if (options.RetryDelayMax < options.RetryDelay || options.RetryDelayMax > ReceiptOptions.RetryDelayLimit)
        {
            failures.Add($"Receipts:RetryDelayMax must be at least Receipts:RetryDelay and at most {ReceiptOptions.RetryDelayLimit}.");
        }
        if (options.BatchSize is < 1 or > 1000)
        {
            failures.Add("Receipts:BatchSize must be between 1 and 1000.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
