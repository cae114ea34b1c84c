using Microsoft.Extensions.Options;

namespace Credits.Server.Auth;

/// <summary>
/// Checks <c>Auth:ApiKeys</c> at start-up. Outside Development a server without keys would refuse
/// every call, so it refuses to start instead and says how to mint a key.
/// </summary>
internal sealed class ApiKeyOptionsValidator(IHostEnvironment environment) : IValidateOptions<ApiKeyOptions>
{
    /// <summary>The longest key name.</summary>
    public const int NameLengthMax = 64;

    /// <summary>The longest refresh interval of stored keys: a revoked key must not outlive it for long.</summary>
    public static readonly TimeSpan KeyRefreshIntervalMax = TimeSpan.FromHours(1);

    // Entries no caller caused are written with this actor by the ledger; a key must not pose as it.
    private static readonly string[] ReservedNames = [Credits.Ledger.Journal.Actors.System, Credits.Ledger.Payments.PaymentActors.Stripe];

    public ValidateOptionsResult Validate(string? name, ApiKeyOptions options)
    {
        var failures = new List<string>();
        if (options.ApiKeys.Count == 0 && !environment.IsDevelopment())
        {
            failures.Add("No API keys are configured (Auth:ApiKeys), and outside Development every call needs one. " +
                "Mint one with 'Credits.Server keys mint --name NAME --scopes ledger:read,ledger:write' and add the " +
                "printed entry to appsettings.json or the environment.");
        }
        if (options.KeyRefreshInterval <= TimeSpan.Zero || options.KeyRefreshInterval > KeyRefreshIntervalMax)
        {
            failures.Add($"Auth:KeyRefreshInterval must be more than zero and at most {KeyRefreshIntervalMax}.");
        }
        var hashes = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.ApiKeys.Count; i++)
        {
            var entry = options.ApiKeys[i];
            var path = $"Auth:ApiKeys:{i}";
            if (NameProblem(entry.Name) is { } problem)
            {
                failures.Add($"{path}:Name {problem}");
            }
            if (entry.Sha256.Length != 64 || !entry.Sha256.All(char.IsAsciiHexDigit))
            {
                failures.Add($"{path}:Sha256 must be the key's SHA-256 as 64 hexadecimal digits.");
            }
            else if (!hashes.Add(entry.Sha256))
            {
                failures.Add($"{path}:Sha256 repeats the hash of another entry.");
            }
            if (entry.Scopes.Count == 0)
            {
                failures.Add($"{path}:Scopes must name at least one of {string.Join(", ", Scopes.All)}.");
            }
            foreach (var scope in entry.Scopes.Where(scope => !Scopes.All.Contains(scope)))
            {
                failures.Add($"{path}:Scopes has the unknown scope '{scope}'; known scopes are {string.Join(", ", Scopes.All)}.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Why <paramref name="name"/> cannot name a key, or null when it can.</summary>
    public static string? NameProblem(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > NameLengthMax
            || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            return $"must be 1 to {NameLengthMax} of [A-Za-z0-9._-].";
        }
        if (ReservedNames.FirstOrDefault(reserved => string.Equals(name, reserved, StringComparison.OrdinalIgnoreCase)) is { } taken)
        {
            return $"must not be '{taken}', an actor the ledger writes for its own and its payment provider's entries.";
        }
        return null;
    }
}
