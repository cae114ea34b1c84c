namespace Credits.Ledger.Errors;

/// <summary>
/// The closed set of operating errors the ledger reports. Ordered by precedence: when a request is
/// wrong in several ways, validation reports the earliest kind first.
/// </summary>
public enum LedgerErrorKind
{
    /// <summary>A request field is malformed or out of range; the field is named.</summary>
    InvalidRequest,
    /// <summary>A well-formed hold id names no hold.</summary>
    HoldNotFound,
    /// <summary>A priced feature is not in the catalogue.</summary>
    FeatureNotFound,
    /// <summary>A well-formed API key id names no stored key.</summary>
    ApiKeyNotFound,
    /// <summary>An idempotency key was reused with a different request.</summary>
    IdempotencyKeyReused,
    /// <summary>A hold was committed already, with a different amount.</summary>
    HoldAlreadyCommitted,
    /// <summary>The account has fewer available credits than requested.</summary>
    InsufficientCredits,
    /// <summary>The hold was released, expired or committed and cannot take this operation.</summary>
    HoldNotActive,
    /// <summary>ExtendHold would keep a hold past its lifetime cap.</summary>
    HoldLifetimeExceeded,
    /// <summary>The lead was claimed by another user already.</summary>
    LeadAlreadyClaimed,
    /// <summary>A subscription tier id is not in the catalogue.</summary>
    TierNotFound,
    /// <summary>A subscription id names no subscription.</summary>
    SubscriptionNotFound,
    /// <summary>An event id names no unapplied event.</summary>
    UnappliedEventNotFound,
    /// <summary>The subscription was canceled and takes no more changes.</summary>
    SubscriptionCanceled,
    /// <summary>The account is at its cap of live lots or active holds; a new one waits until some end.</summary>
    AccountLimitReached,
    /// <summary>The sender's transfers today (UTC) plus this one would pass the daily transfer limit.</summary>
    TransferLimitExceeded,
    /// <summary>RefundCharge named a hold that is not committed (active, released or expired).</summary>
    HoldNotCommitted,
    /// <summary>RefundCharge asked for more than the hold committed less what was refunded already.</summary>
    RefundExceedsCommitted,
    /// <summary>The database could not be reached or kept conflicting; retrying with the same key is safe.</summary>
    Unavailable,
    /// <summary>A well-formed gift code that was never issued.</summary>
    GiftCodeNotFound,
    /// <summary>The gift code was redeemed already.</summary>
    GiftCodeRedeemed,
    /// <summary>The gift code is past its expiry.</summary>
    GiftCodeExpired,
    /// <summary>The gift code was revoked by its issuer or an admin.</summary>
    GiftCodeRevoked,
    /// <summary>The account made too many failed redemptions this minute; retry after the delay in the metadata.</summary>
    TooManyAttempts,
    /// <summary>A reserve on behalf of a pool member would take the member past its limit this period.</summary>
    MemberLimitExceeded,
    /// <summary>The account is not an active member of the pool.</summary>
    NotAPoolMember,
    /// <summary>The account is an active member of the pool already (use UpdatePoolMember).</summary>
    PoolMemberExists,
    /// <summary>ReplayWebhookDeadLetter named a delivery that does not exist (the endpoint never had that notification).</summary>
    WebhookDeliveryNotFound,
    /// <summary>ApplyReferralCode named a code no account has.</summary>
    ReferralCodeNotFound,
    /// <summary>An account applied its own referral code.</summary>
    ReferralSelf,
    /// <summary>The referral would close a cycle: the referrer was referred by the referee, or the referee referred others already.</summary>
    ReferralCircular,
    /// <summary>The referee was referred already, by another account (one referrer per referee).</summary>
    AlreadyReferred,
    /// <summary>The referee is not new: it has paid already, so no referral can be applied to it.</summary>
    ReferralNotNew,
    /// <summary>GetBalance as of an instant would replay more journal entries than the replay cap.</summary>
    ReplayTooLong,
    /// <summary>A notification email address that is not one bare address (too long, a control character, not exactly one '@').</summary>
    InvalidEmailAddress,
}
