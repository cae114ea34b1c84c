using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.GiftCodes;

/// <summary>
/// One gift code (table <c>gift_codes</c>): its escrowed credits and its state. Keyed by the
/// SHA-256 of the code, so the database never holds a code that could be redeemed by reading it;
/// the issuer sees the full codes once, in CreateGiftCodes' answer. The state changes only through
/// methods that start from <see cref="GiftCodeState.Active"/>, so escrow leaves once.
/// </summary>
internal sealed class GiftCode : IBatchEntity<string>
{
    private bool _changed;

    private GiftCode(string codeHash, bool isNew) => (Key, IsNew) = (codeHash, isNew);

    /// <summary>SHA-256 of the canonical code, lowercase hex.</summary>
    public string Key { get; }

    /// <summary>The opaque id lists and RevokeGiftCode use (the code itself is never shown again).</summary>
    public required string CodeId { get; init; }

    public required string IssuerAccountId { get; init; }

    /// <summary>The code's last random group, in clear, so a person can tell codes apart.</summary>
    public required string DisplaySuffix { get; init; }

    /// <summary>Credits the code gives: the sum of its escrow parts.</summary>
    public required long Amount { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>The issuer's lots the credits came from, in burn-down order.</summary>
    public required IReadOnlyList<EscrowPart> Escrow { get; init; }

    public GiftCodeState State { get; private set; } = GiftCodeState.Active;

    /// <summary>The redeemer (or the actor that revoked the code); empty while active.</summary>
    public string EndedBy { get; private set; } = "";

    /// <summary>When the code was redeemed, revoked or returned at expiry; null while active.</summary>
    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsNew { get; }

    public bool IsDirty => IsNew || _changed;

    /// <summary>A code the rule just escrowed credits for.</summary>
    public static GiftCode Create(string codeHash, string codeId, string issuer, string displaySuffix, DateTimeOffset expiresAt,
        DateTimeOffset now, IReadOnlyList<EscrowPart> escrow)
    {
        var amount = escrow.Sum(part => part.Amount);
        if (amount <= 0 || escrow.Any(part => part.Amount <= 0))
        {
            throw new InvalidOperationException($"A gift code needs positive escrow parts, got {amount} credits.");
        }
        return new GiftCode(codeHash, isNew: true)
        {
            CodeId = codeId,
            IssuerAccountId = issuer,
            DisplaySuffix = displaySuffix,
            Amount = amount,
            ExpiresAt = expiresAt,
            CreatedAt = now,
            Escrow = escrow,
        };
    }

    /// <summary>A code read from the database.</summary>
    public static GiftCode Loaded(string codeHash, string codeId, string issuer, string displaySuffix, long amount, DateTimeOffset expiresAt,
        DateTimeOffset createdAt, IReadOnlyList<EscrowPart> escrow, GiftCodeState state, string endedBy, DateTimeOffset? endedAt)
    {
        if (escrow.Sum(part => part.Amount) != amount)
        {
            throw new InvalidOperationException($"Gift code {codeId} escrows {escrow.Sum(part => part.Amount)} credits but records {amount}.");
        }
        return new GiftCode(codeHash, isNew: false)
        {
            CodeId = codeId,
            IssuerAccountId = issuer,
            DisplaySuffix = displaySuffix,
            Amount = amount,
            ExpiresAt = expiresAt,
            CreatedAt = createdAt,
            Escrow = escrow,
            State = state,
            EndedBy = endedBy,
            EndedAt = endedAt,
        };
    }

    /// <summary>True when the code's credits are still in escrow.</summary>
    public bool IsActive => State == GiftCodeState.Active;

    /// <summary>True when the code can no longer be redeemed because its expiry passed.</summary>
    public bool IsExpiredAt(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>Hands the escrow to <paramref name="accountId"/>; the rule checked the code is active and unexpired.</summary>
    public void Redeem(string accountId, DateTimeOffset now)
    {
        if (!IsActive || IsExpiredAt(now))
        {
            throw new InvalidOperationException($"Gift code {CodeId} ({State}, expiring {ExpiresAt:O}) cannot be redeemed at {now:O}.");
        }
        End(GiftCodeState.Redeemed, accountId, now);
    }

    /// <summary>
    /// Ends the code as <paramref name="state"/> (revoked, or expired by the sweeper) so its escrow
    /// can go back to the issuer; the rule checked the code is active.
    /// </summary>
    public void Return(GiftCodeState state, string endedBy, DateTimeOffset now)
    {
        if (!IsActive || state is not (GiftCodeState.Revoked or GiftCodeState.Expired))
        {
            throw new InvalidOperationException($"Gift code {CodeId} ({State}) cannot return its escrow as {state}.");
        }
        End(state, endedBy, now);
    }

    private void End(GiftCodeState state, string endedBy, DateTimeOffset now)
    {
        State = state;
        EndedBy = endedBy;
        EndedAt = now;
        _changed = true;
    }
}
