using Microsoft.Extensions.Options;

namespace Credits.Server.Throttling;

/// <summary>Refuses to start with a limit that would refuse every call or stream.</summary>
internal sealed class CallLimitOptionsValidator : IValidateOptions<CallLimitOptions>
{
    public ValidateOptionsResult Validate(string? name, CallLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        void AtLeastOne(int value, string key)
        {
            if (value < 1)
            {
                failures.Add($"{CallLimitOptions.Section}:{key} must be 1 or more (it is {value}).");
            }
        }
        AtLeastOne(options.ApiKeyRequestsPerSecond, nameof(options.ApiKeyRequestsPerSecond));
        AtLeastOne(options.EndUserRequestsPerSecond, nameof(options.EndUserRequestsPerSecond));
        AtLeastOne(options.StreamsPerApiKeyMax, nameof(options.StreamsPerApiKeyMax));
        AtLeastOne(options.StreamsPerEndUserMax, nameof(options.StreamsPerEndUserMax));
        AtLeastOne(options.StreamsPerAccountMax, nameof(options.StreamsPerAccountMax));
        if (options.StreamRetryDelay <= TimeSpan.Zero)
        {
            failures.Add($"{CallLimitOptions.Section}:{nameof(options.StreamRetryDelay)} must be more than zero.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
