using Credits.Ledger.Lots;
using Credits.Ledger.Transfers;

namespace Credits.Ledger;

/// <summary>The ledger's policies; bound from the <c>Ledger</c> configuration section by the server.</summary>
public sealed class LedgerOptions
{
    /// <summary>Credits a lead account receives once, on first use.</summary>
    public long LeadAllowanceCredits { get; set; } = 20;

    /// <summary>How long a lead's free credits last; null means they never expire.</summary>
    public TimeSpan? LeadAllowanceValidity { get; set; }

    /// <summary>How long an idempotency key is remembered.</summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Default burn-down priority per bucket (lower burns first) when a grant names none.</summary>
    public Dictionary<Bucket, int> BucketPriorities { get; set; } = new()
    {
        [Bucket.Lead] = 100,
        [Bucket.Free] = 100,
        [Bucket.Promo] = 150,
        [Bucket.Referral] = 200,
        [Bucket.Gift] = 200,
        [Bucket.Rollover] = 300,
        [Bucket.Subscription] = 400,
        [Bucket.Refund] = 500,
        [Bucket.Purchased] = 600,
        [Bucket.Adjustment] = 600,
    };

    /// <summary>
    /// Most lots with credits left one account may hold: each batch that touches the account loads
    /// every live lot, so an account bloated by tiny grants would slow its lane for everyone. A Grant
    /// beyond it is refused; lots the ledger creates itself (rollovers, refunds, lead transfers) are not.
    /// </summary>
    public int LiveLotsPerAccountMax { get; set; } = 1_000;

    /// <summary>Most active holds one account may have at once (each batch loads them all); a Reserve beyond it is refused.</summary>
    public int ActiveHoldsPerAccountMax { get; set; } = 1_000;

    /// <summary>
    /// Most journal entries GetBalance as of an instant replays (configuration key <c>Ledger:AsOfReplayEntriesMax</c>):
    /// the replay reads the account's journal from its first entry, so an account with a longer history up to that
    /// instant is refused with REPLAY_TOO_LONG rather than loading it all into memory.
    /// </summary>
    public int AsOfReplayEntriesMax { get; set; } = 100_000;

    /// <summary>
    /// The longest a hold may live, from Reserve to its expiry, however often ExtendHold moves it
    /// (configuration key <c>Ledger:HoldLifetimeMax</c>). At least 24 hours, the longest ttl a
    /// Reserve may ask for; credits pinned by a forgotten job come back after it at the latest.
    /// </summary>
    public TimeSpan HoldLifetimeMax { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Refunds of committed holds (<c>Ledger:Refunds</c>).</summary>
    public Refunds.RefundOptions Refunds { get; set; } = new();

    /// <summary>Transfers between accounts (<c>Ledger:Transfers</c>).</summary>
    public TransferOptions Transfers { get; set; } = new();

    /// <summary>Referral rewards: amounts, validity, monthly cap (<c>Ledger:Referrals</c>).</summary>
    public Referrals.ReferralOptions Referrals { get; set; } = new();

    /// <summary>How many times a transaction that hit a transient database conflict is retried.</summary>
    public int TransientRetriesMax { get; set; } = 8;

    /// <summary>Low-balance notifications (section <c>Ledger:Notifications</c>).</summary>
    public Notifications.NotificationOptions Notifications { get; set; } = new();

    /// <summary>How the usage aggregates follow the journal (section <c>Ledger:UsageProjection</c>).</summary>
    public Analytics.Projection.UsageProjectionOptions UsageProjection { get; set; } = new();

    /// <summary>The priority of <paramref name="bucket"/> when a grant names none.</summary>
    public int DefaultPriority(Bucket bucket) => BucketPriorities.TryGetValue(bucket, out var priority) ? priority : 500;
}
