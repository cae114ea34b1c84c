using Microsoft.Extensions.Options;

namespace Credits.Server.Webhooks;

/// <summary>Checks <see cref="NotificationWebhookOptions"/> at start-up, so a bad URL or secret stops the server rather than every delivery.</summary>
internal sealed class NotificationWebhookOptionsValidator : IValidateOptions<NotificationWebhookOptions>
{
    /// <summary>The largest <see cref="NotificationWebhookOptions.MaxAttempts"/> accepted.</summary>
    public const int MaxAttemptsLimit = 1_000;

    public ValidateOptionsResult Validate(string? name, NotificationWebhookOptions options)
    {
        var failures = new List<string>();
        const string section = NotificationWebhookOptions.Section;
        foreach (var (id, endpoint) in options.Endpoints)
        {
            if (id.Length > 64 || id.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_'))
            {
                failures.Add($"{section}:Endpoints: the id '{id}' must be 1 to 64 letters, digits, '-' or '_'.");
            }
            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
            {
                failures.Add($"{section}:Endpoints:{id}:Url must be an absolute http or https URL.");
            }
            if (!WebhookSigner.IsSecret(endpoint.Secret))
            {
                failures.Add($"{section}:Endpoints:{id}:Secret must be 'whsec_' then the base64 of 24 to 64 bytes.");
            }
        }
        if (options.MaxAttempts is < 1 or > MaxAttemptsLimit)
        {
            failures.Add($"{section}:MaxAttempts must be between 1 and {MaxAttemptsLimit}; it is {options.MaxAttempts}.");
        }
        if (options.PollInterval <= TimeSpan.Zero || options.PollInterval > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:PollInterval must be more than zero and at most 1 hour.");
        }
        if (options.RetryDelay <= TimeSpan.Zero || options.RetryDelayMax < options.RetryDelay || options.RetryDelayMax > TimeSpan.FromDays(7))
        {
            failures.Add($"{section}:RetryDelay must be more than zero and RetryDelayMax between it and 7 days.");
        }
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:Timeout must be more than zero and at most 1 minute (a delivery's lease is 2 minutes).");
        }
        if (options.BatchSize is < 1 or > 1_000)
        {
            failures.Add($"{section}:BatchSize must be between 1 and 1000.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
