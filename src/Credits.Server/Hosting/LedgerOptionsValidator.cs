using Credits.Ledger;
using Microsoft.Extensions.Options;

namespace Credits.Server.Hosting;

/// <summary>Refuses to start with ledger policies that would lose idempotency or refuse every Grant or Reserve.</summary>
internal sealed class LedgerOptionsValidator : IValidateOptions<LedgerOptions>
{
    /// <summary>
    /// The shortest key retention allowed: Stripe retries a webhook for up to three days, and a
    /// caller's retry after an outage must still find its key, or it is applied a second time.
    /// </summary>
    public static readonly TimeSpan IdempotencyKeyRetentionMin = TimeSpan.FromDays(3);

    public ValidateOptionsResult Validate(string? name, LedgerOptions options)
    {
        var failures = new List<string>();
        if (options.IdempotencyKeyRetention < IdempotencyKeyRetentionMin)
        {
            failures.Add($"Ledger:IdempotencyKeyRetention must be at least {IdempotencyKeyRetentionMin.TotalDays} days " +
                $"(Stripe's retry window), not {options.IdempotencyKeyRetention}: a shorter one applies late retries twice.");
        }
        if (options.LiveLotsPerAccountMax < 1)
        {
            failures.Add($"Ledger:LiveLotsPerAccountMax must be at least 1 (it is {options.LiveLotsPerAccountMax}).");
        }
        if (options.ActiveHoldsPerAccountMax < 1)
        {
            failures.Add($"Ledger:ActiveHoldsPerAccountMax must be at least 1 (it is {options.ActiveHoldsPerAccountMax}).");
        }
        if (options.HoldLifetimeMax < Ledger.Validation.Limits.HoldTtlMax)
        {
            // Reserve accepts a ttl up to HoldTtlMax; a shorter cap would refuse to extend a hold that is still within its first ttl.
            failures.Add($"Ledger:HoldLifetimeMax must be at least {Ledger.Validation.Limits.HoldTtlMax} (the longest Reserve ttl), not {options.HoldLifetimeMax}.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
