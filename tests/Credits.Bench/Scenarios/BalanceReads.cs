using Credits.Client;

namespace Credits.Bench.Scenarios;

/// <summary>GetBalance through the generated client: one indexed read per call.</summary>
internal static class BalanceReads
{
    public const string Name = "ledger GetBalance";

    /// <summary>One caller's operation: read an account from <paramref name="nextAccount"/>, which must hold credits.</summary>
    public static Measurement.Operation Create(CreditsClient client, Func<string> nextAccount)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(nextAccount);
        return async cancellationToken =>
        {
            var accountId = nextAccount();
            var balance = await client.GetBalanceAsync(accountId, DateTime.UtcNow + Measurement.CallTimeout, cancellationToken);
            if (balance.Available <= 0)
            {
                throw new InvalidOperationException($"GetBalance of {accountId} read {balance.Available} available: the account was not seeded.");
            }
        };
    }
}
