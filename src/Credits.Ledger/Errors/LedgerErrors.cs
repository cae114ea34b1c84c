using System.Globalization;

namespace Credits.Ledger.Errors;

/// <summary>Builds each kind of <see cref="LedgerError"/> with its fixed metadata, in one place.</summary>
public static class LedgerErrors
{
    private static readonly IReadOnlyDictionary<string, string> NoMetadata = new Dictionary<string, string>();

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A malformed or out-of-range field.</summary>
    public static LedgerError Invalid(string field, string message) =>
        new(LedgerErrorKind.InvalidRequest, message, new Dictionary<string, string> { ["field"] = field }, field);

    /// <summary>Not enough available credits.</summary>
    public static LedgerError InsufficientCredits(long available, long requested) =>
        new(LedgerErrorKind.InsufficientCredits,
            $"Insufficient credits: {Number(available)} available, {Number(requested)} requested.",
            new Dictionary<string, string> { ["available"] = Number(available), ["requested"] = Number(requested) });

    /// <summary>A hold in a state that forbids the operation.</summary>
    public static LedgerError HoldNotActive(string holdId, string state) =>
        new(LedgerErrorKind.HoldNotActive, $"Hold {holdId} is {state}.",
            new Dictionary<string, string> { ["holdId"] = holdId, ["state"] = state });

    /// <summary>An extension past the hold's lifetime cap.</summary>
    public static LedgerError HoldLifetimeExceeded(string holdId, TimeSpan lifetimeMax, DateTimeOffset expiresAtMax) =>
        new(LedgerErrorKind.HoldLifetimeExceeded,
            $"Hold {holdId} may live at most {(long)lifetimeMax.TotalSeconds} seconds from its reserve: until {expiresAtMax:O}.",
            new Dictionary<string, string>
            {
                ["holdId"] = holdId,
                ["lifetimeMaxSeconds"] = ((long)lifetimeMax.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["expiresAtMax"] = expiresAtMax.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            });

    /// <summary>A refund of a hold that was never committed.</summary>
    public static LedgerError HoldNotCommitted(string holdId, string state) =>
        new(LedgerErrorKind.HoldNotCommitted, $"Hold {holdId} is {state}: only a committed hold can be refunded.",
            new Dictionary<string, string> { ["holdId"] = holdId, ["state"] = state });

    /// <summary>A refund beyond what is left of the commit; <paramref name="requested"/> is 0 for "all that is left".</summary>
    public static LedgerError RefundExceedsCommitted(string holdId, long committed, long refunded, long requested) =>
        new(LedgerErrorKind.RefundExceedsCommitted,
            $"Hold {holdId} committed {Number(committed)} credits and {Number(refunded)} were refunded already; "
            + (requested == 0 ? "nothing is left to refund." : $"{Number(requested)} more cannot be refunded."),
            new Dictionary<string, string>
            {
                ["holdId"] = holdId, ["committed"] = Number(committed), ["refunded"] = Number(refunded), ["requested"] = Number(requested),
            });

    /// <summary>An unknown hold.</summary>
    public static LedgerError HoldNotFound(string holdId) =>
        new(LedgerErrorKind.HoldNotFound, $"Hold {holdId} does not exist.",
            new Dictionary<string, string> { ["holdId"] = holdId });

    /// <summary>A hold committed before with another amount.</summary>
    public static LedgerError HoldAlreadyCommitted(string holdId, long committed) =>
        new(LedgerErrorKind.HoldAlreadyCommitted,
            $"Hold {holdId} was already committed with {Number(committed)} credits.",
            new Dictionary<string, string> { ["holdId"] = holdId, ["committed"] = Number(committed) });

    /// <summary>An idempotency key reused with a different request.</summary>
    public static LedgerError IdempotencyKeyReused(string idempotencyKey) =>
        new(LedgerErrorKind.IdempotencyKeyReused,
            $"Idempotency key {idempotencyKey} was already used for a different request.",
            new Dictionary<string, string> { ["idempotencyKey"] = idempotencyKey });

    /// <summary>An unknown feature.</summary>
    public static LedgerError FeatureNotFound(string feature) =>
        new(LedgerErrorKind.FeatureNotFound, $"Feature {feature} is not in the price catalogue.",
            new Dictionary<string, string> { ["feature"] = feature });

    /// <summary>An unknown stored API key.</summary>
    public static LedgerError ApiKeyNotFound(string keyId) =>
        new(LedgerErrorKind.ApiKeyNotFound, $"API key {keyId} does not exist.",
            new Dictionary<string, string> { ["keyId"] = keyId });

    /// <summary>A lead claimed by someone else.</summary>
    public static LedgerError LeadAlreadyClaimed(string leadAccountId) =>
        new(LedgerErrorKind.LeadAlreadyClaimed, $"Lead {leadAccountId} was already claimed by another account.",
            new Dictionary<string, string> { ["leadAccountId"] = leadAccountId });

    /// <summary>An unknown subscription tier.</summary>
    public static LedgerError TierNotFound(string tierId) =>
        new(LedgerErrorKind.TierNotFound, $"Tier {tierId} is not in the subscription catalogue.",
            new Dictionary<string, string> { ["tierId"] = tierId });

    /// <summary>An unknown subscription.</summary>
    public static LedgerError SubscriptionNotFound(string subscriptionId) =>
        new(LedgerErrorKind.SubscriptionNotFound, $"Subscription {subscriptionId} does not exist.",
            new Dictionary<string, string> { ["subscriptionId"] = subscriptionId });

    /// <summary>An unknown unapplied event.</summary>
    public static LedgerError UnappliedEventNotFound(string eventId) =>
        new(LedgerErrorKind.UnappliedEventNotFound, $"No unapplied event has id {eventId}.",
            new Dictionary<string, string> { ["eventId"] = eventId });

    /// <summary>A canceled subscription asked to change.</summary>
    public static LedgerError SubscriptionCanceled(string subscriptionId) =>
        new(LedgerErrorKind.SubscriptionCanceled, $"Subscription {subscriptionId} was canceled.",
            new Dictionary<string, string> { ["subscriptionId"] = subscriptionId });

    /// <summary>
    /// The account already has <paramref name="max"/> of what <paramref name="limit"/> counts
    /// (<c>live_lots</c> or <c>active_holds</c>): every batch loads them all, so one account may not grow without bound.
    /// </summary>
    public static LedgerError AccountLimitReached(string limit, int max) =>
        new(LedgerErrorKind.AccountLimitReached,
            $"The account already has {Number(max)} {limit.Replace('_', ' ')}, its limit.",
            new Dictionary<string, string> { ["limit"] = limit, ["max"] = Number(max) });

    /// <summary>A transfer that would take the sender past its daily limit; <paramref name="used"/> is what it sent today (UTC).</summary>
    public static LedgerError TransferLimitExceeded(long limit, long used, long requested) =>
        new(LedgerErrorKind.TransferLimitExceeded,
            $"Transfer limit exceeded: {Number(used)} of {Number(limit)} credits sent today (UTC), {Number(requested)} requested.",
            new Dictionary<string, string> { ["limit"] = Number(limit), ["used"] = Number(used), ["requested"] = Number(requested) });

    /// <summary>An unknown webhook delivery: the endpoint never had that notification.</summary>
    public static LedgerError WebhookDeliveryNotFound(string endpointId, string accountId, long sequence) =>
        new(LedgerErrorKind.WebhookDeliveryNotFound, $"Endpoint {endpointId} has no delivery of notification {sequence} of {accountId}.",
            new Dictionary<string, string> { ["endpointId"] = endpointId, ["accountId"] = accountId, ["sequence"] = Number(sequence) });

    /// <summary>An email address that is not one bare address; <c>field</c> names where it was given.</summary>
    public static LedgerError InvalidEmailAddress(string field, string message) =>
        new(LedgerErrorKind.InvalidEmailAddress, message, new Dictionary<string, string> { ["field"] = field }, field);

    /// <summary>A well-formed code that names no gift code (the code itself is never echoed back).</summary>
    public static LedgerError GiftCodeNotFound() =>
        new(LedgerErrorKind.GiftCodeNotFound, "No gift code matches.", NoMetadata);

    /// <summary>A gift code that is no longer redeemable: redeemed, expired or revoked.</summary>
    public static LedgerError GiftCodeEnded(LedgerErrorKind kind, string codeId, string state) =>
        new(kind, $"Gift code {codeId} is {state}.", new Dictionary<string, string> { ["codeId"] = codeId, ["state"] = state });

    /// <summary>Too many failed redemptions by one account in the current minute.</summary>
    public static LedgerError TooManyAttempts(int limit, long retryAfterSeconds) =>
        new(LedgerErrorKind.TooManyAttempts,
            $"Too many failed gift code redemptions: {Number(limit)} a minute; retry in {Number(retryAfterSeconds)} seconds.",
            new Dictionary<string, string> { ["limit"] = Number(limit), ["retryAfterSeconds"] = Number(retryAfterSeconds) });

    /// <summary>The database stayed unavailable through every retry.</summary>
    public static LedgerError Unavailable(string message) =>
        new(LedgerErrorKind.Unavailable, message, NoMetadata);

    /// <summary>A reserve on behalf of a member past its limit; <paramref name="used"/> is what it holds and committed this period.</summary>
    public static LedgerError MemberLimitExceeded(long limit, long used, long requested) =>
        new(LedgerErrorKind.MemberLimitExceeded,
            $"Member limit exceeded: {Number(used)} of {Number(limit)} credits used this period, {Number(requested)} requested.",
            new Dictionary<string, string> { ["limit"] = Number(limit), ["used"] = Number(used), ["requested"] = Number(requested) });

    /// <summary><paramref name="memberId"/> is not an active member of <paramref name="poolId"/>.</summary>
    public static LedgerError NotAPoolMember(string poolId, string memberId) =>
        new(LedgerErrorKind.NotAPoolMember, $"{memberId} is not a member of pool {poolId}.",
            new Dictionary<string, string> { ["poolAccountId"] = poolId, ["memberAccountId"] = memberId });

    /// <summary><paramref name="memberId"/> is an active member of <paramref name="poolId"/> already.</summary>
    public static LedgerError PoolMemberExists(string poolId, string memberId) =>
        new(LedgerErrorKind.PoolMemberExists, $"{memberId} is a member of pool {poolId} already.",
            new Dictionary<string, string> { ["poolAccountId"] = poolId, ["memberAccountId"] = memberId });

    /// <summary>A referral code that names no account (the code itself is not echoed back).</summary>
    public static LedgerError ReferralCodeNotFound() =>
        new(LedgerErrorKind.ReferralCodeNotFound, "No referral code matches.", NoMetadata);

    /// <summary>An account applied its own referral code.</summary>
    public static LedgerError ReferralSelf(string accountId) =>
        new(LedgerErrorKind.ReferralSelf, $"{accountId} cannot apply its own referral code.",
            new Dictionary<string, string> { ["accountId"] = accountId });

    /// <summary>A referral that would close a cycle between <paramref name="refereeId"/> and <paramref name="referrerId"/>.</summary>
    public static LedgerError ReferralCircular(string refereeId, string referrerId) =>
        new(LedgerErrorKind.ReferralCircular,
            $"{refereeId} cannot be referred by {referrerId}: {refereeId} referred accounts already, so the referral could close a cycle.",
            new Dictionary<string, string> { ["refereeAccountId"] = refereeId, ["referrerAccountId"] = referrerId });

    /// <summary>A referee that another account referred already.</summary>
    public static LedgerError AlreadyReferred(string refereeId) =>
        new(LedgerErrorKind.AlreadyReferred, $"{refereeId} was referred already; a referee has one referrer.",
            new Dictionary<string, string> { ["refereeAccountId"] = refereeId });

    /// <summary>A referee that is not new any more: it has paid.</summary>
    public static LedgerError ReferralNotNew(string refereeId) =>
        new(LedgerErrorKind.ReferralNotNew, $"{refereeId} has paid already; referral codes apply to new accounts only.",
            new Dictionary<string, string> { ["refereeAccountId"] = refereeId });

    /// <summary>The account's journal up to the as-of instant holds more than <paramref name="max"/> entries, the replay cap.</summary>
    public static LedgerError ReplayTooLong(long max) =>
        new(LedgerErrorKind.ReplayTooLong,
            $"The balance as of that instant would replay more than {Number(max)} journal entries, the cap.",
            new Dictionary<string, string> { ["max"] = Number(max) });
}
