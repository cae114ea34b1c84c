using Credits.Ledger.Data.Batches;
using Credits.Ledger.Errors;

namespace Credits.Ledger.GiftCodes;

/// <summary>An account and a UTC minute (minutes since 1970-01-01): the key of <see cref="RedeemAttempts"/>.</summary>
internal readonly record struct RedeemAttemptsKey(string AccountId, long Minute)
{
    private static readonly long MinuteMs = (long)TimeSpan.FromMinutes(1).TotalMilliseconds;

    /// <summary>The key of <paramref name="accountId"/>'s minute containing <paramref name="now"/>.</summary>
    public static RedeemAttemptsKey At(string accountId, DateTimeOffset now) => new(accountId, now.ToUnixTimeMilliseconds() / MinuteMs);

    /// <summary>Whole seconds from <paramref name="now"/> until this minute ends (at least 1).</summary>
    public long SecondsLeft(DateTimeOffset now) => Math.Max(1, ((Minute + 1) * MinuteMs - now.ToUnixTimeMilliseconds() + 999) / 1000);
}

/// <summary>
/// Failed gift code redemptions of one account in one UTC minute (table <c>gift_code_attempts</c>).
/// Read and written in the batch that decides the redemption, under the account's lock, so the
/// limit holds across server instances.
/// </summary>
internal sealed class RedeemAttempts : IBatchEntity<RedeemAttemptsKey>
{
    private bool _changed;

    private RedeemAttempts(RedeemAttemptsKey key, int failed, bool isNew) => (Key, Failed, IsNew) = (key, failed, isNew);

    public RedeemAttemptsKey Key { get; }

    /// <summary>Failed redemptions in the minute so far.</summary>
    public int Failed { get; private set; }

    public bool IsNew { get; }

    public bool IsDirty => IsNew || _changed;

    /// <summary>The minute's counter before its first failure.</summary>
    public static RedeemAttempts Start(RedeemAttemptsKey key) => new(key, 0, isNew: true);

    /// <summary>A counter read from the database.</summary>
    public static RedeemAttempts Loaded(RedeemAttemptsKey key, int failed) => new(key, failed, isNew: false);

    /// <summary>Null while the account may try again this minute; else the error with the seconds to wait.</summary>
    public LedgerError? Refusal(DateTimeOffset now) =>
        Failed >= GiftCodeLimits.FailedRedemptionsPerMinuteMax
            ? LedgerErrors.TooManyAttempts(GiftCodeLimits.FailedRedemptionsPerMinuteMax, Key.SecondsLeft(now))
            : null;

    /// <summary>Counts one failed redemption; the rule checked <see cref="Refusal"/> first.</summary>
    public void CountFailure()
    {
        if (Failed >= GiftCodeLimits.FailedRedemptionsPerMinuteMax)
        {
            throw new InvalidOperationException($"A refused redemption cannot be counted past {Failed} failures.");
        }
        Failed++;
        _changed = true;
    }
}
