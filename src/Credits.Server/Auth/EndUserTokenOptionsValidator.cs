using System.Text;
using Microsoft.Extensions.Options;

namespace Credits.Server.Auth;

/// <summary>Checks <c>Auth:EndUserTokens</c> at start-up: a weak key or a missing issuer would make every token either forgeable or unusable.</summary>
internal sealed class EndUserTokenOptionsValidator : IValidateOptions<EndUserTokenOptions>
{
    public ValidateOptionsResult Validate(string? name, EndUserTokenOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var failures = new List<string>();
        const string path = EndUserTokenOptions.Section;
        if (Encoding.UTF8.GetByteCount(options.SigningKey) < EndUserTokenOptions.SigningKeyBytesMin)
        {
            failures.Add($"{path}:SigningKey must be at least {EndUserTokenOptions.SigningKeyBytesMin} bytes, for example 'openssl rand -base64 48'.");
        }
        if (string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add($"{path}:Issuer must name the backend that mints tokens (their 'iss').");
        }
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{path}:Audience must not be empty (tokens carry it as 'aud').");
        }
        if (options.LifetimeMax <= TimeSpan.Zero || options.LifetimeMax > EndUserTokenOptions.LifetimeMaxLimit)
        {
            failures.Add($"{path}:LifetimeMax must be more than zero and at most {EndUserTokenOptions.LifetimeMaxLimit}.");
        }
        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > EndUserTokenOptions.ClockSkewMaxLimit)
        {
            failures.Add($"{path}:ClockSkew must be 0 to {EndUserTokenOptions.ClockSkewMaxLimit}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
