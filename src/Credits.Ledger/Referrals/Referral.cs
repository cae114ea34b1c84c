using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Referrals;

/// <summary>
/// One account's part in referrals (table <c>referrals</c>), as a referee (who referred it, its
/// reward state, whether it has paid) and as a referrer (how many it referred, its rewards this
/// month). Read and written in the batch that applies a referral or rewards a payment, under the
/// accounts' locks, so two referrers racing for one referee cannot both win and the cap cannot be passed.
/// </summary>
internal sealed class Referral : IBatchEntity<string>
{
    private bool _changed;

    private Referral(string accountId, bool isNew) => (Key, IsNew) = (accountId, isNew);

    /// <summary>The account.</summary>
    public string Key { get; }

    public bool IsNew { get; }

    public bool IsDirty => IsNew || _changed;

    /// <summary>The referrer, once a code was applied.</summary>
    public string? ReferredBy { get; private set; }

    public DateTimeOffset? AppliedAt { get; private set; }

    public ReferralState State { get; private set; }

    /// <summary>True once a payment of this account succeeded: it is no longer new.</summary>
    public bool Paid { get; private set; }

    public DateTimeOffset? RewardedAt { get; private set; }

    /// <summary>How many accounts this one referred (an account that referred others cannot be referred: no cycles).</summary>
    public long ReferredCount { get; private set; }

    /// <summary>The UTC month (year × 12 + month − 1) <see cref="MonthRewards"/> counts.</summary>
    public long RewardMonth { get; private set; }

    /// <summary>Rewards paid to this account as a referrer in <see cref="RewardMonth"/>.</summary>
    public long MonthRewards { get; private set; }

    /// <summary>The row of an account that has none yet.</summary>
    public static Referral Start(string accountId) => new(accountId, isNew: true);

    /// <summary>A row read from the database.</summary>
    public static Referral Loaded(string accountId, string? referredBy, DateTimeOffset? appliedAt, ReferralState state, bool paid,
        DateTimeOffset? rewardedAt, long referredCount, long rewardMonth, long monthRewards) =>
        new(accountId, isNew: false)
        {
            ReferredBy = referredBy,
            AppliedAt = appliedAt,
            State = state,
            Paid = paid,
            RewardedAt = rewardedAt,
            ReferredCount = referredCount,
            RewardMonth = rewardMonth,
            MonthRewards = monthRewards,
        };

    /// <summary>The UTC month containing <paramref name="now"/>, as counted in <see cref="RewardMonth"/>.</summary>
    public static long MonthOf(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return (utc.Year * 12L) + utc.Month - 1;
    }

    /// <summary>Records that <paramref name="referrerId"/> referred this account; the rule checked it may.</summary>
    public void ReferBy(string referrerId, DateTimeOffset now)
    {
        if (ReferredBy is not null || Paid || ReferredCount > 0)
        {
            throw new InvalidOperationException($"{Key} cannot be referred: it was referred, has paid or referred others.");
        }
        ReferredBy = referrerId;
        AppliedAt = now;
        State = ReferralState.Pending;
        _changed = true;
    }

    /// <summary>Counts one more account referred by this one.</summary>
    public void CountReferred()
    {
        ReferredCount++;
        _changed = true;
    }

    /// <summary>Marks the account as paid; the first call returns true.</summary>
    public bool MarkPaid()
    {
        if (Paid)
        {
            return false;
        }
        Paid = true;
        _changed = true;
        return true;
    }

    /// <summary>True when this account, as a referrer, may be paid one more reward in <paramref name="now"/>'s month.</summary>
    public bool HasRoomThisMonth(int cap, DateTimeOffset now) =>
        cap <= 0 || RewardMonth != MonthOf(now) || MonthRewards < cap;

    /// <summary>Counts a reward paid to this account as a referrer; the rule checked <see cref="HasRoomThisMonth"/>.</summary>
    public void CountReward(DateTimeOffset now)
    {
        var month = MonthOf(now);
        MonthRewards = RewardMonth == month ? MonthRewards + 1 : 1;
        RewardMonth = month;
        _changed = true;
    }

    /// <summary>Ends a pending referral: rewarded, or capped (the referrer not paid).</summary>
    public void Settle(ReferralState outcome, DateTimeOffset now)
    {
        if (State != ReferralState.Pending || outcome is not (ReferralState.Rewarded or ReferralState.Capped))
        {
            throw new InvalidOperationException($"Referral of {Key} is {State}; it cannot become {outcome}.");
        }
        State = outcome;
        RewardedAt = now;
        _changed = true;
    }
}
