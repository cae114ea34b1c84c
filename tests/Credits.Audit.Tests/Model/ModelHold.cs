namespace Credits.Audit.Tests.Model;

/// <summary>
/// The model's view of one hold: the parts it pinned, and how it ended. A freeze is a hold too: it
/// pins what was left of a disputed lot under the dispute's reference, and never expires by time.
/// </summary>
public sealed class ModelHold(string accountId, long amount, long expiresAtMs, IReadOnlyList<ModelPart> parts, string feature,
    ModelHoldPurpose purpose = ModelHoldPurpose.Reservation, string reference = "")
{
    /// <summary>A freeze's expiry: later than any clock the audit reaches, because only the dispute's outcome ends it.</summary>
    public const long FreezeExpiresAtMs = long.MaxValue;

    public string? Id { get; private set; }
    public string AccountId { get; } = accountId;
    public long Amount { get; } = amount;
    public long ExpiresAtMs { get; private set; } = expiresAtMs;

    /// <summary>When the hold was reserved: ExtendHold's lifetime cap counts from it.</summary>
    public long CreatedAtMs { get; init; }
    public IReadOnlyList<ModelPart> Parts { get; } = parts;
    public string Feature { get; } = feature;
    public ModelHoldPurpose Purpose { get; } = purpose;

    /// <summary>The dispute of a freeze; empty for reservations.</summary>
    public string Reference { get; } = reference;
    public ModelHoldState State { get; private set; } = ModelHoldState.Active;
    public long Committed { get; private set; }

    /// <summary>What the commit debited, lot by lot in the burn-down order it drew them (RefundCharge walks it backwards).</summary>
    public IReadOnlyList<ModelPart> CommittedParts { get; internal set; } = [];

    /// <summary>Credits RefundCharge gave back so far.</summary>
    public long Refunded { get; internal set; }
    public long Released { get; private set; }

    public bool IsFreeze => Purpose == ModelHoldPurpose.Freeze;

    public bool IsExpiredAt(long nowMs) => ExpiresAtMs <= nowMs;

    public string StateName => State.ToString().ToLowerInvariant();

    internal void Bind(string id) => Id = id;

    /// <summary>ExtendHold: the hold now expires later.</summary>
    internal void Extend(long expiresAtMs) => ExpiresAtMs = expiresAtMs;

    internal void End(ModelHoldState state, long committed)
    {
        State = state;
        Committed = committed;
        Released = Amount - committed;
    }

    /// <summary>A detached copy of an active hold for a read, pinning the read's copies of its lots.</summary>
    internal ModelHold Copy(IReadOnlyDictionary<ModelLot, ModelLot> lots)
    {
        var copy = new ModelHold(AccountId, Amount, ExpiresAtMs, Parts.Select(part => part with { Lot = lots[part.Lot] }).ToList(), Feature,
            Purpose, Reference) { CreatedAtMs = CreatedAtMs };
        if (Id is not null)
        {
            copy.Bind(Id);
        }
        return copy;
    }

    public override string ToString() =>
        $"{Id ?? "(unbound)"} {AccountId} {(IsFreeze ? $"freeze {Reference}" : StateName)} amount={Amount}" +
        (IsFreeze ? "" : $" exp={ModelTime.Format(ExpiresAtMs)}");
}
