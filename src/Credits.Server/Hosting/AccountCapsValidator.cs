using Credits.Ledger;
using Microsoft.Extensions.Options;

namespace Credits.Server.Hosting;

/// <summary>Refuses to start with a per-account cap that would refuse every Grant or Reserve.</summary>
internal sealed class AccountCapsValidator : IValidateOptions<LedgerOptions>
{
    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        var failures = new List<string>();
        if (options.LiveLotsPerAccountMax < 1)
        {
            failures.Add($"Ledger:LiveLotsPerAccountMax must be at least 1 (it is {options.LiveLotsPerAccountMax}).");
        }
        if (options.ActiveHoldsPerAccountMax < 1)
        {
            failures.Add($"Ledger:ActiveHoldsPerAccountMax must be at least 1 (it is {options.ActiveHoldsPerAccountMax}).");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
