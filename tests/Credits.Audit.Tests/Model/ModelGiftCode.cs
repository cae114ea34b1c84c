namespace Credits.Audit.Tests.Model;

/// <summary>
/// The model's view of one gift code: its escrow (credits taken from the issuer's lots, each part
/// remembering its lot and that lot's expiry), and how it ended. Its id and text are the server's,
/// learned from the CreateGiftCodes reply.
/// </summary>
public sealed class ModelGiftCode(string issuerAccountId, long amount, long expiresAtMs, IReadOnlyList<ModelPart> escrow)
{
    public string? Id { get; private set; }

    /// <summary>The code for people, as the reply showed it.</summary>
    public string? Code { get; private set; }

    public string IssuerAccountId { get; } = issuerAccountId;
    public long Amount { get; } = amount;
    public long ExpiresAtMs { get; } = expiresAtMs;
    public IReadOnlyList<ModelPart> Escrow { get; } = escrow;
    public ModelGiftCodeState State { get; set; } = ModelGiftCodeState.Active;

    public bool IsExpiredAt(long nowMs) => ExpiresAtMs <= nowMs;

    /// <summary>The code as the ledger compares it: case, dashes and spaces do not matter.</summary>
    public static string Normalize(string typed) => typed.Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal)
        .ToUpperInvariant();

    internal void Bind(string id, string code) => (Id, Code) = (id, code);

    public override string ToString() => $"{Id ?? "(unbound)"} {IssuerAccountId} {State} amount={Amount} exp={ModelTime.Format(ExpiresAtMs)}";
}

/// <summary>Where a gift code stands; every state but active is final.</summary>
public enum ModelGiftCodeState
{
    Active,
    Redeemed,
    Revoked,
    Expired,
}
