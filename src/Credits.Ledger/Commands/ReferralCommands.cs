using Credits.Ledger.Referrals;

namespace Credits.Ledger.Commands;

/// <summary>
/// Applies a referral code to a new user at sign-up: the code's owner becomes the referee's one
/// referrer; both are rewarded later, at the referee's first successful payment.
/// </summary>
/// <param name="Actor">The caller.</param>
/// <param name="RefereeAccountId">The new <c>user:</c> account that was referred.</param>
/// <param name="Code">The referrer's referral code, as shared (case, spaces and dashes do not matter).</param>
/// <param name="IdempotencyKey">Scoped by the referee; a retry returns the first answer.</param>
public sealed record ApplyReferralCommand(
    string Actor,
    string RefereeAccountId,
    string Code,
    string IdempotencyKey) : LedgerCommand<ApplyReferralResult>(Actor)
{
    /// <summary>The code's owner, resolved by the ledger before the command runs (codes never change owner).</summary>
    internal string ReferrerAccountId { get; init; } = "";
}

/// <summary>
/// Sent with the grant of every successful payment, in its transaction: marks the payer as paid
/// and, at a referred account's first payment, gives both sides their <c>referral</c> lots (the
/// referrer's only under its monthly cap). Keyed by the payment, so a duplicate pays nothing twice.
/// </summary>
/// <param name="Actor">The payment provider's actor.</param>
/// <param name="RefereeAccountId">The account that paid.</param>
/// <param name="ReferrerAccountId">Its referrer as read before the batch, or null; the rule checks it under the locks.</param>
/// <param name="PaymentReference">The payment (checkout session or invoice) that succeeded.</param>
/// <param name="IdempotencyKey">Derived from the payment.</param>
internal sealed record RewardReferralCommand(
    string Actor,
    string RefereeAccountId,
    string? ReferrerAccountId,
    string PaymentReference,
    string IdempotencyKey) : LedgerCommand<RewardReferralResult>(Actor);

/// <summary>Who referred the referee, and when the code was applied.</summary>
public sealed record ApplyReferralResult(string ReferrerAccountId, DateTimeOffset AppliedAt);

/// <summary>What a payment's referral step did: the referral's state after it and the credits each side got.</summary>
internal sealed record RewardReferralResult(ReferralState State, long RefereeCredits, long ReferrerCredits);
