namespace Credits.Audit.Tests.Workload;

/// <summary>
/// What one step of the workload does; the summary counts steps by kind, and a full run must reach
/// every kind (see <see cref="CoverageRequirements"/>). The kinds from <see cref="RolloverGrant"/> on
/// go through the domain API, because the gRPC service does not take them.
/// </summary>
public enum OperationKind
{
    Grant,
    GrantRetry,
    GrantChanged,
    Reserve,
    ReserveRetry,
    ReserveChanged,
    Commit,
    Release,
    ClaimLead,
    ClaimRetry,
    ClaimChanged,
    Transfer,
    TransferRetry,
    TransferChanged,
    GetBalance,
    History,
    AdvanceClock,
    Sweep,

    /// <summary>A grant with rollover terms (a subscription allowance).</summary>
    RolloverGrant,
    Clawback,
    ReverseClawback,
    Freeze,
    Unfreeze,

    /// <summary>A lost dispute: the freeze ended and the credits clawed back in one batch.</summary>
    DisputeLost,
    Note,

    /// <summary>A domain command sent again with the same key.</summary>
    CommandRetry,

    /// <summary>A domain command changed but sent with the same key.</summary>
    CommandChanged,

    /// <summary>A reserve on the audit's pool on behalf of a member (or of an account that is not one).</summary>
    PoolReserve,

    /// <summary>A pool member added, updated or removed through the domain API.</summary>
    PoolMembership,

    /// <summary>The pool's members and their usage this period read through the ledger's reader.</summary>
    PoolUsage,

    /// <summary>An operator's signed correction (AdminService.Adjust), through the domain API.</summary>
    Adjust,

    /// <summary>An active hold's expiry moved later (ExtendHold), or an extension refused.</summary>
    ExtendHold,

    /// <summary>Gift codes created into escrow (or refused).</summary>
    CreateGiftCodes,

    /// <summary>A gift code redeemed: a live one, an ended one, an unknown or a malformed one; now and then a burst of failures.</summary>
    RedeemGiftCode,

    /// <summary>A gift code revoked, or a revocation refused.</summary>
    RevokeGiftCode,

    /// <summary>One code redeemed into several accounts at once: at most one wins.</summary>
    RedeemRace,

    /// <summary>Credits given from one account to several in one transaction (BulkGift), all or nothing.</summary>
    BulkGift,

    /// <summary>Rows of an older credits table (ImportLots): new rows, rows sent again, changed ones, now and then a bad one.</summary>
    ImportLots,

    /// <summary>All or part of a committed hold given back (RefundCharge), or a refund refused.</summary>
    RefundCharge,
}
