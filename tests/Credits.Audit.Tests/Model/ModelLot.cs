using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>
/// The model's view of one lot. Its id is the server's: known from the Grant reply, or, for lots the
/// server creates by itself (a lead's allowance, the copies a claim makes), learned from the journal.
/// </summary>
public sealed class ModelLot(string accountId, Bucket bucket, int priority, long? expiresAtMs, long createdAtMs, long amount)
{
    public string? Id { get; private set; }
    public string AccountId { get; } = accountId;
    public Bucket Bucket { get; } = bucket;
    public int Priority { get; } = priority;
    public long? ExpiresAtMs { get; } = expiresAtMs;
    public long CreatedAtMs { get; } = createdAtMs;
    public long Amount { get; } = amount;

    /// <summary>Credits not yet spent or expired, of which <see cref="Held"/> are pinned by active holds.</summary>
    public long Remaining { get; set; } = amount;
    public long Held { get; set; }

    public bool IsExpiredAt(long nowMs) => ExpiresAtMs is { } expiresAtMs && expiresAtMs <= nowMs;

    public long AvailableAt(long nowMs) => IsExpiredAt(nowMs) ? 0 : Remaining - Held;

    internal void Bind(string id) => Id = id;

    public override string ToString() =>
        $"{Id ?? "(unbound)"} {Bucket} p{Priority} exp={(ExpiresAtMs is { } e ? ModelTime.Format(e) : "never")} rem={Remaining} held={Held}";
}
