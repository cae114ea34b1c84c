using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// The model's view of one lot. Its id is the server's: known from the Grant reply, or, for lots the
/// server creates by itself (a lead's allowance, the copies a claim makes, rollover and refund lots),
/// learned from the journal.
/// </summary>
public sealed class ModelLot(string accountId, Bucket bucket, int priority, long? expiresAtMs, long createdAtMs, long amount,
    long rolloverCap = 0, long? rolloverExpiresAtMs = null)
{
    public string? Id { get; private set; }
    public string AccountId { get; } = accountId;
    public Bucket Bucket { get; } = bucket;
    public int Priority { get; } = priority;
    public long? ExpiresAtMs { get; } = expiresAtMs;
    public long CreatedAtMs { get; } = createdAtMs;
    public long Amount { get; } = amount;

    /// <summary>Credits not yet spent or expired, of which <see cref="Held"/> are pinned by active holds (reservations and freezes).</summary>
    public long Remaining { get; set; } = amount;
    public long Held { get; set; }

    /// <summary>
    /// How many more expired credits may still move into rollover lots: the grant's cap, lowered by
    /// every rollover, so credits that come back after the expiry roll over only up to what is left.
    /// </summary>
    public long RolloverCap { get; set; } = rolloverCap;

    /// <summary>When the rollover lots made from this lot expire; null when the lot never rolls over.</summary>
    public long? RolloverExpiresAtMs { get; } = rolloverExpiresAtMs;

    /// <summary>True while credits given back to the lot after its expiry (by a hold, a commit, a reversal) wait to expire and roll over.</summary>
    public bool HasCreditsBackAfterExpiry { get; set; }

    /// <summary>The features a feature-scoped lot pays for (normalised); empty for an unscoped lot.</summary>
    public IReadOnlyList<string> Features { get; init; } = [];

    public bool IsScoped => Features.Count > 0;

    /// <summary>True when the lot is scoped to <paramref name="feature"/> (never for a spend by amount: null or "").</summary>
    public bool IsScopedTo(string? feature) => !string.IsNullOrEmpty(feature) && Features.Contains(feature, StringComparer.Ordinal);

    public bool IsExpiredAt(long nowMs) => ExpiresAtMs is { } expiresAtMs && expiresAtMs <= nowMs;

    public long AvailableAt(long nowMs) => IsExpiredAt(nowMs) ? 0 : Remaining - Held;

    internal void Bind(string id) => Id = id;

    /// <summary>A detached copy for a read, which applies what is due without changing the model.</summary>
    internal ModelLot Copy()
    {
        var copy = new ModelLot(AccountId, Bucket, Priority, ExpiresAtMs, CreatedAtMs, Amount, RolloverCap, RolloverExpiresAtMs)
        {
            Remaining = Remaining,
            Held = Held,
            HasCreditsBackAfterExpiry = HasCreditsBackAfterExpiry,
            Features = Features,
        };
        if (Id is not null)
        {
            copy.Bind(Id);
        }
        return copy;
    }

    public override string ToString() =>
        $"{Id ?? "(unbound)"} {Bucket} p{Priority} exp={(ExpiresAtMs is { } e ? ModelTime.Format(e) : "never")} rem={Remaining} held={Held}" +
        (RolloverExpiresAtMs is { } r ? $" rollover cap={RolloverCap} until {ModelTime.Format(r)}" : "");
}
