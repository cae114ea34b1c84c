namespace Credits.Ledger.Referrals;

/// <summary>Where a referee's reward stands (stored as its number in <c>referrals.state</c>).</summary>
public enum ReferralState
{
    /// <summary>Not referred (the row only records a payment or the referrals this account made).</summary>
    None = 0,

    /// <summary>Referred; the reward waits for the referee's first successful payment.</summary>
    Pending = 1,

    /// <summary>Both sides got their <c>referral</c> lots.</summary>
    Rewarded = 2,

    /// <summary>The referee paid, but the referrer had reached its monthly cap: the referee got its lot, the referrer none.</summary>
    Capped = 3,
}
