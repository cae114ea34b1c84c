namespace Credits.Ledger.Referrals;

/// <summary>Policies for referrals, bound from <c>Ledger:Referrals</c> (docs/referrals.md).</summary>
public sealed class ReferralOptions
{
    /// <summary>Credits the referrer gets when a referee first pays; 0 gives none.</summary>
    public long ReferrerCredits { get; set; } = 500;

    /// <summary>Credits the referee gets at its first payment; 0 gives none.</summary>
    public long RefereeCredits { get; set; } = 500;

    /// <summary>How long the <c>referral</c> lots live; null: they never expire.</summary>
    public TimeSpan? Validity { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Most rewards one referrer is paid per UTC month; later ones are recorded as capped, not paid
    /// (the referee is still rewarded). 0 means no cap. It bounds what a farm of fake referees earns.
    /// </summary>
    public int MonthlyCap { get; set; } = 10;
}
