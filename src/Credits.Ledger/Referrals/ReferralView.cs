namespace Credits.Ledger.Referrals;

/// <summary>One account a referrer referred, and where its reward stands.</summary>
/// <param name="RefereeAccountId">The referred account.</param>
/// <param name="AppliedAt">When the code was applied.</param>
/// <param name="State">Pending until the referee's first payment; then rewarded, or capped (the referrer was not paid).</param>
/// <param name="RewardedAt">When the referee's first payment settled it; null while pending.</param>
public sealed record ReferralView(string RefereeAccountId, DateTimeOffset AppliedAt, ReferralState State, DateTimeOffset? RewardedAt);

/// <summary>A page of referrals (AIP-158): <paramref name="NextPageToken"/> is empty on the last page.</summary>
public sealed record ReferralPage(IReadOnlyList<ReferralView> Referrals, string NextPageToken);
