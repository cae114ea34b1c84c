namespace Credits.Audit.Tests.Model;

/// <summary>The model's view of one hold: the parts it pinned, and how it ended.</summary>
public sealed class ModelHold(string accountId, long amount, long expiresAtMs, IReadOnlyList<ModelPart> parts, string feature)
{
    public string? Id { get; private set; }
    public string AccountId { get; } = accountId;
    public long Amount { get; } = amount;
    public long ExpiresAtMs { get; } = expiresAtMs;
    public IReadOnlyList<ModelPart> Parts { get; } = parts;
    public string Feature { get; } = feature;
    public ModelHoldState State { get; private set; } = ModelHoldState.Active;
    public long Committed { get; private set; }
    public long Released { get; private set; }

    public bool IsExpiredAt(long nowMs) => ExpiresAtMs <= nowMs;

    public string StateName => State.ToString().ToLowerInvariant();

    internal void Bind(string id) => Id = id;

    internal void End(ModelHoldState state, long committed)
    {
        State = state;
        Committed = committed;
        Released = Amount - committed;
    }

    public override string ToString() => $"{Id ?? "(unbound)"} {AccountId} {StateName} amount={Amount} exp={ModelTime.Format(ExpiresAtMs)}";
}
