using Credits.Ledger.Engine;
using Credits.Ledger.Journal;
using Credits.Ledger.Lots;

namespace Credits.Ledger.Accounts;

/// <summary>Referrals: the reward lot each side gets at the referee's first payment.</summary>
internal sealed partial class Account
{
    /// <summary>The journal metadata key naming why a referral lot was given (<c>referrer</c> or <c>referee</c>).</summary>
    public const string ReferralRoleKey = "referralRole";

    /// <summary>True when the account holds a purchased or subscription lot: it has paid, so it is not new.</summary>
    public bool HasPaidLots => _lots.Values.Any(lot => lot.Bucket is Bucket.Purchased or Bucket.Subscription);

    /// <summary>
    /// Adds a <c>referral</c> lot of <paramref name="amount"/> naming the other side of the referral
    /// as its reference, then repays what the account owes. The rule checked there is room.
    /// </summary>
    public Lot GrantReferral(long amount, DateTimeOffset? expiresAt, string otherAccountId, string role, string actor, string idempotencyKey,
        RuleContext context)
    {
        var lot = AddLot(amount, Bucket.Referral, context.Options.DefaultPriority(Bucket.Referral), expiresAt, otherAccountId, context);
        Append(context, EntryKind.Grant, amount, actor, idempotencyKey, new Dictionary<string, string> { [ReferralRoleKey] = role },
            lotId: lot.LotId, parts: [new LotPart(lot.LotId, amount)], bucket: Bucket.Referral, reference: otherAccountId);
        RepayDebts([lot], actor, context);
        return lot;
    }
}
