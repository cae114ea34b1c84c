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
/// ApplyReferralCode: makes the code's owner the referee's one referrer. Both accounts are locked
/// and their referral rows read under the locks, so of two referrers racing for one referee exactly
/// one wins. Refused: the own code, a referee referred already (by another), a referee that has
/// paid (not new), and a cycle: the referrer was referred by the referee, or the referee referred
/// others already (no account is referred after referring, so no cycle of any length can form).
/// </summary>
internal sealed class ApplyReferralRule : KeyedCommandRule<ApplyReferralCommand, ApplyReferralResult>
{
    protected override void Validate(ApplyReferralCommand command)
    {
        if (AccountIds.Parse(command.RefereeAccountId, "referee_account_id") != AccountKind.User)
        {
            throw LedgerErrors.Invalid("referee_account_id", "referee_account_id must be a 'user:' account.").ToException();
        }
        if (AccountIds.Parse(command.ReferrerAccountId, "code") != AccountKind.User)
        {
            throw new InvalidOperationException("A referral code resolved to an account that is not a user.");
        }
        Require.IdempotencyKey(command.IdempotencyKey);
    }

    public override IdempotencyScope KeyOf(ApplyReferralCommand command) => new(command.RefereeAccountId, command.IdempotencyKey);

    public override string Fingerprint(ApplyReferralCommand command) =>
        Digest("apply-referral", command.RefereeAccountId, command.ReferrerAccountId);

    protected override void DeclareAccounts(ApplyReferralCommand command, LoadPlan plan)
    {
        plan.Account(command.RefereeAccountId, create: true);
        plan.Account(command.ReferrerAccountId, create: true);
        plan.Want(BatchEntities.Referrals, command.RefereeAccountId);
        plan.Want(BatchEntities.Referrals, command.ReferrerAccountId);
    }

    protected override Decision<ApplyReferralResult> DecideOnce(ApplyReferralCommand command, Batch batch)
    {
        var refereeId = command.RefereeAccountId;
        var referrerId = command.ReferrerAccountId;
        if (string.Equals(refereeId, referrerId, StringComparison.Ordinal))
        {
            return LedgerErrors.ReferralSelf(refereeId);
        }
        var rows = batch.Set(BatchEntities.Referrals);
        var referee = rows.Find(refereeId) ?? Referral.Start(refereeId);
        var referrer = rows.Find(referrerId) ?? Referral.Start(referrerId);
        if (referee.ReferredBy is { } earlier)
        {
            // The same referral asked again (another key) answers as it was applied.
            return earlier == referrerId
                ? new ApplyReferralResult(earlier, referee.AppliedAt!.Value)
                : LedgerErrors.AlreadyReferred(refereeId);
        }
        if (referrer.ReferredBy == refereeId || referee.ReferredCount > 0)
        {
            return LedgerErrors.ReferralCircular(refereeId, referrerId);
        }
        if (referee.Paid || batch.Accounts[refereeId].HasPaidLots)
        {
            return LedgerErrors.ReferralNotNew(refereeId);
        }
        var now = batch.Context.Now;
        referee.ReferBy(referrerId, now);
        referrer.CountReferred();
        AddIfNew(rows, referee);
        AddIfNew(rows, referrer);
        return new ApplyReferralResult(referrerId, now);
    }

    internal static void AddIfNew(Data.Batches.BatchEntitySet<string, Referral> rows, Referral row)
    {
        if (row.IsNew && rows.Find(row.Key) is null)
        {
            rows.Add(row);
        }
    }
}
