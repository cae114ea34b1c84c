using Credits.Ledger.Pools;

namespace Credits.Audit.Tests.Model;

/// <summary>The model's view of one member of the audit's pool: its terms and whether it is active.</summary>
public sealed class ModelPoolMember(string memberId)
{
    public string MemberId { get; } = memberId;
    public long? Limit { get; set; }
    public PoolPeriod Period { get; set; }
    public PoolRole Role { get; set; }
    public long AddedAtMs { get; set; }

    /// <summary>Null while active; a removed member's holds still count in its usage.</summary>
    public long? RemovedAtMs { get; set; }

    public bool IsActive => RemovedAtMs is null;
}

/// <summary>Which member a pool hold counts for, and in which period (the one it was reserved in).</summary>
public sealed record ModelPoolHold(string MemberId, long PeriodStartMs);
