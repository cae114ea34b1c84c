using Credits.Ledger.Accounts;
using Credits.Ledger.Commands;
using Credits.Ledger.Data.Batches;
using Credits.Ledger.Engine;
using Credits.Ledger.Errors;
using Credits.Ledger.Rules;
using Credits.Ledger.Validation;
using static Credits.Ledger.Idempotency.RequestFingerprint;

namespace Credits.Ledger.Referrals;

/// <summary>
/// The referral step of a successful payment, in the payment grant's transaction: the payer is
/// marked paid (no longer new); at a referred account's first payment both sides get their
/// <c>referral</c> lots, the referrer's only while under its monthly cap (else the referral is
/// recorded as capped). The referral's state moves once (pending to rewarded or capped), under the
/// referee's lock, so duplicated or reordered payment events reward nothing twice.
/// </summary>
internal sealed class RewardReferralRule : KeyedCommandRule<RewardReferralCommand, RewardReferralResult>
{
    /// <summary>The journal role of the referrer's lot.</summary>
    public const string ReferrerRole = "referrer";

    /// <summary>The journal role of the referee's lot.</summary>
    public const string RefereeRole = "referee";

    protected override void Validate(RewardReferralCommand command)
    {
        AccountIds.Parse(command.RefereeAccountId, "referee_account_id");
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override IdempotencyScope KeyOf(RewardReferralCommand command) => new(command.RefereeAccountId, command.IdempotencyKey);

    // The referrer read before the batch is not part of the request: a retry after a refused attempt may know it.
    public override string Fingerprint(RewardReferralCommand command) =>
        Digest("reward-referral", command.RefereeAccountId, command.PaymentReference);

    protected override void DeclareAccounts(RewardReferralCommand command, LoadPlan plan)
    {
        plan.Account(command.RefereeAccountId, create: true);
        plan.Want(BatchEntities.Referrals, command.RefereeAccountId);
        if (command.ReferrerAccountId is { } referrer)
        {
            plan.Account(referrer, create: true);
            plan.Want(BatchEntities.Referrals, referrer);
        }
    }

    protected override Decision<RewardReferralResult> DecideOnce(RewardReferralCommand command, Batch batch)
    {
        var rows = batch.Set(BatchEntities.Referrals);
        var referee = rows.Find(command.RefereeAccountId) ?? Referral.Start(command.RefereeAccountId);
        if (referee.State == ReferralState.Pending && referee.ReferredBy != command.ReferrerAccountId)
        {
            // The code was applied after the caller read the referrer: nothing is written, and the
            // payment's next attempt (the provider retries a failed delivery) reads it again.
            return LedgerErrors.Unavailable($"The referral of {command.RefereeAccountId} changed while its payment was recorded; retry.");
        }
        if (referee.MarkPaid())
        {
            ApplyReferralRule.AddIfNew(rows, referee);
        }
        if (referee.State != ReferralState.Pending)
        {
            return new RewardReferralResult(referee.State, 0, 0);
        }
        var options = batch.Context.Options.Referrals;
        var context = batch.Context;
        var referrerId = referee.ReferredBy!;
        var referrer = rows.Find(referrerId) ?? Referral.Start(referrerId);
        var expiresAt = options.Validity is { } validity ? context.Now + validity : (DateTimeOffset?)null;
        var refereeAccount = batch.Accounts[command.RefereeAccountId];
        var referrerAccount = batch.Accounts[referrerId];
        var refereeCredits = options.RefereeCredits;
        if (refereeCredits > 0 && (refereeAccount.RoomFor(refereeCredits, "referee_account_id") ?? refereeAccount.RoomForLot(context.Options)) is { } full)
        {
            return full;
        }
        var paysReferrer = options.ReferrerCredits > 0 && referrer.HasRoomThisMonth(options.MonthlyCap, context.Now);
        if (paysReferrer && (referrerAccount.RoomFor(options.ReferrerCredits, "referrer_account_id") ?? referrerAccount.RoomForLot(context.Options)) is { } referrerFull)
        {
            return referrerFull;
        }
        if (refereeCredits > 0)
        {
            refereeAccount.GrantReferral(refereeCredits, expiresAt, referrerId, RefereeRole, command.Actor, command.IdempotencyKey, context);
        }
        var referrerCredits = 0L;
        if (paysReferrer)
        {
            referrerCredits = options.ReferrerCredits;
            referrerAccount.GrantReferral(referrerCredits, expiresAt, command.RefereeAccountId, ReferrerRole, command.Actor, command.IdempotencyKey, context);
            referrer.CountReward(context.Now);
            ApplyReferralRule.AddIfNew(rows, referrer);
        }
        referee.Settle(paysReferrer || options.ReferrerCredits == 0 ? ReferralState.Rewarded : ReferralState.Capped, context.Now);
        return new RewardReferralResult(referee.State, refereeCredits, referrerCredits);
    }
}
