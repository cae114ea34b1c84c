using Credits.V1;

namespace Credits.Audit.Tests.Support;

/// <summary>
/// The server settings the audit runs with, and so the policies the model assumes. Both sides read
/// these constants, except the default bucket priorities, which restate the documented defaults of
/// the ledger (the model must not borrow them from domain code).
/// </summary>
public static class AuditConfiguration
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public const string KeyName = "auditor";
    public const string Key = "ck_audit_6d1e0b9a3f7c4258";

    /// <summary>The actor of entries the ledger writes by itself (sweeps, lazy expiry, lead allowances).</summary>
    public const string SystemActor = "system";

    public const long LeadAllowanceCredits = 20;
    public static readonly TimeSpan LeadAllowanceValidity = TimeSpan.FromDays(2);
    public const string LeadAllowanceReference = "lead-allowance";
    public static readonly TimeSpan IdempotencyKeyRetention = TimeSpan.FromDays(7);
    public static readonly TimeSpan HoldTtlDefault = TimeSpan.FromMinutes(5);

    /// <summary>How long a hold may live from its reserve, extensions included: the smallest the ledger allows (its longest ttl), so that extensions meet it often.</summary>
    public static readonly TimeSpan HoldLifetimeMax = TimeSpan.FromHours(24);

    /// <summary>Credits one sender may transfer per UTC day: below the largest transfer the workload asks (25), so that it meets the limit although its clock moves fast.</summary>
    public const long TransferDailyLimit = 20;

    /// <summary>The price catalogue: feature to credits per unit.</summary>
    public static readonly IReadOnlyDictionary<string, long> Prices = new Dictionary<string, long>(StringComparer.Ordinal)
    {
        ["image.generate"] = 5,
        ["text.summarize"] = 2,
    };

    /// <summary>Default burn-down priority per bucket when a grant names none (lower burns first).</summary>
    public static readonly IReadOnlyDictionary<Bucket, int> DefaultPriorities = new Dictionary<Bucket, int>
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
}
