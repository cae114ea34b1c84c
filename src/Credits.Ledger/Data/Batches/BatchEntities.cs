namespace Credits.Ledger.Data.Batches;

/// <summary>
/// Every entity store that joins batches, in the order their result sets follow the accounts' in
/// the load. Register a new store here once.
/// </summary>
internal static class BatchEntities
{
    /// <summary>Claimed idempotency keys and their stored responses.</summary>
    public static readonly IdempotencyRecordStore IdempotencyRecords = new();

    /// <summary>The grant each account got for each payment, kept for good.</summary>
    public static readonly PaymentGrantStore PaymentGrants = new();

    /// <summary>What each sender transferred per UTC day, for the daily transfer limit.</summary>
    public static readonly TransferDayStore TransferDays = new();

    /// <summary>Gift codes with their escrowed credits, by the code's SHA-256.</summary>
    public static readonly GiftCodeStore GiftCodes = new();

    /// <summary>Failed gift code redemptions per account and UTC minute.</summary>
    public static readonly RedeemAttemptStore RedeemAttempts = new();


    /// <summary>Pool members: limit, period and role (docs/pools.md).</summary>
    public static readonly PoolMemberStore PoolMembers = new();

    /// <summary>Which member each pool hold is for; scoped by the batch's pools.</summary>
    public static readonly PoolHoldStore PoolHolds = new();

    /// <summary>Each member's held and committed credits per period; scoped by the batch's pools.</summary>
    public static readonly PoolUsageStore PoolUsages = new();

    /// <summary>Each pool's fallback policy (docs/pools.md).</summary>
    public static readonly PoolPolicyStore PoolPolicies = new();

    /// <summary>Each account's part in referrals: referrer, reward state, paid, monthly rewards.</summary>
    public static readonly ReferralStore Referrals = new();

    /// <summary>The rows of an older credits table each account got by import, kept for good.</summary>
    public static readonly ImportedRowStore ImportedRows = new();

    public static readonly IReadOnlyList<IBatchEntityStore> All = [IdempotencyRecords, PaymentGrants, ImportedRows, TransferDays, GiftCodes, RedeemAttempts, PoolMembers, PoolHolds, PoolUsages, PoolPolicies, Referrals];
}
