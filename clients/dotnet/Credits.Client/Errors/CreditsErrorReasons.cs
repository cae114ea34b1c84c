namespace Credits.Client.Errors;

/// <summary>
/// The <c>google.rpc.ErrorInfo</c> domain and reasons the credits service uses; each reason maps to one
/// exception type (see <see cref="ErrorTranslator"/>).
/// </summary>
public static class CreditsErrorReasons
{
    /// <summary>The <c>ErrorInfo.domain</c> of every error the credits service reports.</summary>
    public const string Domain = "credits.v1";

    /// <summary>Not enough available credits (<see cref="InsufficientCreditsException"/>).</summary>
    public const string InsufficientCredits = "INSUFFICIENT_CREDITS";

    /// <summary>The hold was committed, released or has expired (<see cref="HoldNotActiveException"/>).</summary>
    public const string HoldNotActive = "HOLD_NOT_ACTIVE";

    /// <summary>ExtendHold would keep the hold past its lifetime cap (a <see cref="CreditsException"/> with this reason).</summary>
    public const string HoldLifetimeExceeded = "HOLD_LIFETIME_EXCEEDED";

    /// <summary>A well-formed hold id names no hold (<see cref="HoldNotFoundException"/>).</summary>
    public const string HoldNotFound = "HOLD_NOT_FOUND";

    /// <summary>The hold was committed before with another amount (<see cref="HoldAlreadyCommittedException"/>).</summary>
    public const string HoldAlreadyCommitted = "HOLD_ALREADY_COMMITTED";

    /// <summary>An idempotency key was reused with a different request (<see cref="IdempotencyKeyReusedException"/>).</summary>
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";

    /// <summary>The feature is not in the price catalogue (<see cref="FeatureNotFoundException"/>).</summary>
    public const string FeatureNotFound = "FEATURE_NOT_FOUND";

    /// <summary>The lead was claimed by another user already (<see cref="LeadAlreadyClaimedException"/>).</summary>
    public const string LeadAlreadyClaimed = "LEAD_ALREADY_CLAIMED";

    /// <summary>CreateCheckoutSession named a pack the catalogue does not have (NOT_FOUND).</summary>
    public const string PackNotFound = "PACK_NOT_FOUND";

    /// <summary>
    /// CreateCheckoutSession named a pack the account may not buy now (FAILED_PRECONDITION); metadata <c>packId</c> and
    /// <c>why</c>: <c>not_started</c>, <c>ended</c>, <c>limit_reached</c> or <c>first_purchase_only</c>.
    /// </summary>
    public const string OfferNotAvailable = "OFFER_NOT_AVAILABLE";

    /// <summary>A well-formed API key id names no stored key (a plain <see cref="CreditsException"/>, NOT_FOUND); metadata <c>keyId</c>.</summary>
    public const string ApiKeyNotFound = "API_KEY_NOT_FOUND";

    /// <summary>A request field is malformed or out of range (<see cref="InvalidRequestException"/>).</summary>
    public const string InvalidRequest = "INVALID_REQUEST";

    /// <summary>
    /// The account is at its cap of live lots (Grant) or active holds (Reserve) (RESOURCE_EXHAUSTED, a plain
    /// <see cref="CreditsException"/>); metadata <c>limit</c> (<c>live_lots</c> or <c>active_holds</c>) and <c>max</c>.
    /// </summary>
    public const string AccountLimitReached = "ACCOUNT_LIMIT_REACHED";

    /// <summary>
    /// A Transfer would take the sender past its daily limit (RESOURCE_EXHAUSTED, a plain
    /// <see cref="CreditsException"/>); metadata <c>limit</c>, <c>used</c> (sent this UTC day) and <c>requested</c>.
    /// </summary>
    public const string TransferLimitExceeded = "TRANSFER_LIMIT_EXCEEDED";

    /// <summary>
    /// The caller made more calls a second than its limit allows (RESOURCE_EXHAUSTED, a plain <see cref="CreditsException"/>);
    /// metadata <c>limit</c> (<c>requests_per_second</c>) and <c>max</c>; wait <see cref="CreditsException.RetryDelay"/>.
    /// </summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>
    /// The caller or the account holds as many open history streams as allowed (RESOURCE_EXHAUSTED, a plain
    /// <see cref="CreditsException"/>); metadata <c>limit</c> (<c>streams_per_caller</c> or <c>streams_per_account</c>)
    /// and <c>max</c>; close a stream or wait <see cref="CreditsException.RetryDelay"/>.
    /// </summary>
    public const string StreamLimitReached = "STREAM_LIMIT_REACHED";

    /// <summary>The database could not be reached (<see cref="CreditsUnavailableException"/>).</summary>
    public const string DatabaseUnavailable = "DATABASE_UNAVAILABLE";

    /// <summary>
    /// The server is shutting down (<see cref="CreditsUnavailableException"/>); reconnect, and resume a history
    /// stream after the last sequence received.
    /// </summary>
    public const string ShuttingDown = "SHUTTING_DOWN";

    /// <summary>The call carried no API key (<see cref="CreditsAuthException"/>).</summary>
    public const string ApiKeyMissing = "API_KEY_MISSING";

    /// <summary>The API key is unknown (<see cref="CreditsAuthException"/>).</summary>
    public const string ApiKeyInvalid = "API_KEY_INVALID";

    /// <summary>The API key lacks the scope the RPC needs (<see cref="CreditsAuthException"/>).</summary>
    public const string ScopeMissing = "SCOPE_MISSING";

    /// <summary>
    /// The request body was not one well-formed message (INVALID_ARGUMENT): a generated client never
    /// sends one; it means a hand-built or corrupted call.
    /// </summary>
    public const string MalformedRequest = "MALFORMED_REQUEST";

    /// <summary>A well-formed gift code that was never issued (NOT_FOUND); no metadata: the code is never echoed.</summary>
    public const string GiftCodeNotFound = "GIFT_CODE_NOT_FOUND";

    /// <summary>The gift code was already redeemed (FAILED_PRECONDITION); metadata <c>codeId</c>, <c>state</c>.</summary>
    public const string GiftCodeRedeemed = "GIFT_CODE_REDEEMED";

    /// <summary>The gift code is past its expiry (FAILED_PRECONDITION); metadata <c>codeId</c>, <c>state</c>.</summary>
    public const string GiftCodeExpired = "GIFT_CODE_EXPIRED";

    /// <summary>The gift code was revoked by its issuer (FAILED_PRECONDITION); metadata <c>codeId</c>, <c>state</c>.</summary>
    public const string GiftCodeRevoked = "GIFT_CODE_REVOKED";

    /// <summary>The account's failed gift code redemptions this minute reached the limit (RESOURCE_EXHAUSTED); metadata <c>limit</c>, <c>retryAfterSeconds</c>.</summary>
    public const string TooManyAttempts = "TOO_MANY_ATTEMPTS";

    /// <summary>ApplyReferralCode with a well-formed code no user has (NOT_FOUND).</summary>
    public const string ReferralCodeNotFound = "REFERRAL_CODE_NOT_FOUND";

    /// <summary>A user applied its own referral code (FAILED_PRECONDITION).</summary>
    public const string ReferralSelf = "REFERRAL_SELF";

    /// <summary>The referral could close a cycle (FAILED_PRECONDITION).</summary>
    public const string ReferralCircular = "REFERRAL_CIRCULAR";

    /// <summary>The referee has another referrer already (FAILED_PRECONDITION).</summary>
    public const string AlreadyReferred = "ALREADY_REFERRED";

    /// <summary>The referee has paid already, so it is not new (FAILED_PRECONDITION).</summary>
    public const string ReferralNotNew = "REFERRAL_NOT_NEW";

    /// <summary>A notification email address that is not one bare address (INVALID_ARGUMENT); metadata <c>field</c>.</summary>
    public const string InvalidEmailAddress = "INVALID_EMAIL_ADDRESS";
}
