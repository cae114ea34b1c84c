namespace Credits.Server.Errors;

/// <summary>
/// The <c>google.rpc.ErrorInfo</c> domain and reasons this server sends. Clients and tests match
/// on these, never on messages.
/// </summary>
public static class ErrorReasons
{
    /// <summary>The <c>ErrorInfo.domain</c> of every error.</summary>
    public const string Domain = "credits.v1";

    /// <summary>A field is malformed or out of range (INVALID_ARGUMENT, with a <c>BadRequest</c>); metadata <c>field</c>.</summary>
    public const string InvalidRequest = "INVALID_REQUEST";

    /// <summary>A well-formed hold id names no hold (NOT_FOUND); metadata <c>holdId</c>.</summary>
    public const string HoldNotFound = "HOLD_NOT_FOUND";

    /// <summary>The feature is not in the price catalogue (NOT_FOUND); metadata <c>feature</c>.</summary>
    public const string FeatureNotFound = "FEATURE_NOT_FOUND";

    /// <summary>The idempotency key was used for a different request (ALREADY_EXISTS); metadata <c>idempotencyKey</c>.</summary>
    public const string IdempotencyKeyReused = "IDEMPOTENCY_KEY_REUSED";

    /// <summary>The hold was committed already with another amount (ALREADY_EXISTS); metadata <c>holdId</c>, <c>committed</c>.</summary>
    public const string HoldAlreadyCommitted = "HOLD_ALREADY_COMMITTED";

    /// <summary>Fewer credits are available than requested (FAILED_PRECONDITION); metadata <c>available</c>, <c>requested</c>.</summary>
    public const string InsufficientCredits = "INSUFFICIENT_CREDITS";

    /// <summary>The hold was released, expired or committed (FAILED_PRECONDITION); metadata <c>holdId</c>, <c>state</c>.</summary>
    public const string HoldNotActive = "HOLD_NOT_ACTIVE";

    /// <summary>ExtendHold past the hold's lifetime cap (FAILED_PRECONDITION); metadata <c>holdId</c>, <c>lifetimeMaxSeconds</c>, <c>expiresAtMax</c>.</summary>
    public const string HoldLifetimeExceeded = "HOLD_LIFETIME_EXCEEDED";

    /// <summary>RefundCharge of a hold that is not committed (FAILED_PRECONDITION); metadata <c>holdId</c>, <c>state</c>.</summary>
    public const string HoldNotCommitted = "HOLD_NOT_COMMITTED";

    /// <summary>RefundCharge beyond what the hold committed less earlier refunds (FAILED_PRECONDITION); metadata <c>holdId</c>, <c>committed</c>, <c>refunded</c>, <c>requested</c> (0: all that is left).</summary>
    public const string RefundExceedsCommitted = "REFUND_EXCEEDS_COMMITTED";

    /// <summary>The lead was claimed by another user (FAILED_PRECONDITION); metadata <c>leadAccountId</c>.</summary>
    public const string LeadAlreadyClaimed = "LEAD_ALREADY_CLAIMED";

    /// <summary>The subscription tier is not in the catalogue (NOT_FOUND); metadata <c>tierId</c>.</summary>
    public const string TierNotFound = "TIER_NOT_FOUND";

    /// <summary>No subscription has this id (NOT_FOUND); metadata <c>subscriptionId</c>.</summary>
    public const string SubscriptionNotFound = "SUBSCRIPTION_NOT_FOUND";

    /// <summary>No unapplied event has this id (NOT_FOUND); metadata <c>eventId</c>.</summary>
    public const string UnappliedEventNotFound = "UNAPPLIED_EVENT_NOT_FOUND";

    /// <summary>The subscription was canceled and takes no more changes (FAILED_PRECONDITION); metadata <c>subscriptionId</c>.</summary>
    public const string SubscriptionCanceled = "SUBSCRIPTION_CANCELED";

    /// <summary>The database stayed unavailable (UNAVAILABLE); retrying with the same idempotency key is safe.</summary>
    public const string DatabaseUnavailable = "DATABASE_UNAVAILABLE";

    /// <summary>The call carries no <c>authorization: Bearer &lt;key&gt;</c> header, or a malformed one (UNAUTHENTICATED).</summary>
    public const string ApiKeyMissing = "API_KEY_MISSING";

    /// <summary>The API key is not known to this server (UNAUTHENTICATED).</summary>
    public const string ApiKeyInvalid = "API_KEY_INVALID";

    /// <summary>The API key lacks the scope the method needs (PERMISSION_DENIED); metadata <c>scope</c>.</summary>
    public const string ScopeMissing = "SCOPE_MISSING";

    /// <summary>The server is shutting down (UNAVAILABLE); reconnect, resuming history from the last sequence received.</summary>
    public const string ShuttingDown = "SHUTTING_DOWN";

    /// <summary>A well-formed API key id names no stored key (NOT_FOUND); metadata <c>keyId</c>.</summary>
    public const string ApiKeyNotFound = "API_KEY_NOT_FOUND";

    /// <summary>The pack is not in the catalogue (NOT_FOUND); metadata <c>packId</c>.</summary>
    public const string PackNotFound = "PACK_NOT_FOUND";

    /// <summary>
    /// The account may not buy this pack now (FAILED_PRECONDITION); metadata <c>packId</c> and <c>why</c>:
    /// <c>not_started</c>, <c>ended</c>, <c>limit_reached</c> or <c>first_purchase_only</c>.
    /// </summary>
    public const string OfferNotAvailable = "OFFER_NOT_AVAILABLE";

    /// <summary>Stripe could not be reached, or is not configured here (UNAVAILABLE); retrying with the same idempotency key is safe.</summary>
    public const string StripeUnavailable = "STRIPE_UNAVAILABLE";

    /// <summary>Stripe refused the request (FAILED_PRECONDITION): the server's Stripe configuration needs fixing; metadata <c>stripeCode</c>.</summary>
    public const string StripeRejected = "STRIPE_REJECTED";

    /// <summary>The end-user token is malformed, forged, for another issuer or audience, or lives too long (UNAUTHENTICATED).</summary>
    public const string TokenInvalid = "TOKEN_INVALID";

    /// <summary>The end-user token's <c>exp</c> has passed (UNAUTHENTICATED); metadata <c>expiredAt</c>.</summary>
    public const string TokenExpired = "TOKEN_EXPIRED";

    /// <summary>End-user tokens may not call this method (PERMISSION_DENIED); metadata <c>method</c>.</summary>
    public const string TokenMethodDenied = "TOKEN_METHOD_DENIED";

    /// <summary>The end-user token was minted for another account (PERMISSION_DENIED); metadata <c>accountId</c>.</summary>
    public const string TokenAccountDenied = "TOKEN_ACCOUNT_DENIED";

    /// <summary>
    /// The account is at its cap of live lots (a Grant) or active holds (a Reserve) (RESOURCE_EXHAUSTED);
    /// metadata <c>limit</c> (<c>live_lots</c> or <c>active_holds</c>) and <c>max</c>. Not worth retrying
    /// until lots are spent or expire, or holds end. Caps: <c>Ledger:LiveLotsPerAccountMax</c>, <c>Ledger:ActiveHoldsPerAccountMax</c>.
    /// </summary>
    public const string AccountLimitReached = "ACCOUNT_LIMIT_REACHED";

    /// <summary>
    /// The sender's transfers this UTC day plus this one would pass its daily limit
    /// (<c>Ledger:Transfers:DailyLimit</c>) (RESOURCE_EXHAUSTED); metadata <c>limit</c>, <c>used</c>, <c>requested</c>.
    /// </summary>
    public const string TransferLimitExceeded = "TRANSFER_LIMIT_EXCEEDED";

    /// <summary>
    /// A Reserve on behalf of a pool member would take the member past its limit this period
    /// (RESOURCE_EXHAUSTED); metadata <c>limit</c>, <c>used</c> (held and committed this period), <c>requested</c>.
    /// </summary>
    public const string MemberLimitExceeded = "MEMBER_LIMIT_EXCEEDED";

    /// <summary>The account is not an active member of the pool (FAILED_PRECONDITION); metadata <c>poolAccountId</c>, <c>memberAccountId</c>.</summary>
    public const string NotAPoolMember = "NOT_A_POOL_MEMBER";

    /// <summary>AddPoolMember of an active member (ALREADY_EXISTS); metadata <c>poolAccountId</c>, <c>memberAccountId</c>.</summary>
    public const string PoolMemberExists = "POOL_MEMBER_EXISTS";

    /// <summary>
    /// An end-user token called PoolService for a pool its account is not an active admin of
    /// (PERMISSION_DENIED); metadata <c>poolAccountId</c>.
    /// </summary>
    public const string TokenPoolDenied = "TOKEN_POOL_DENIED";

    /// <summary>
    /// The caller made more calls a second than <c>Limits:ApiKeyRequestsPerSecond</c> (an API key) or
    /// <c>Limits:EndUserRequestsPerSecond</c> (an end user) allow (RESOURCE_EXHAUSTED); metadata
    /// <c>limit</c> (<c>requests_per_second</c>) and <c>max</c>, and a <c>RetryInfo</c> with the delay.
    /// </summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>
    /// The caller or the account already holds as many open history streams as allowed
    /// (RESOURCE_EXHAUSTED); metadata <c>limit</c> (<c>streams_per_caller</c> or
    /// <c>streams_per_account</c>) and <c>max</c>, and a <c>RetryInfo</c>. Caps:
    /// <c>Limits:StreamsPerApiKeyMax</c>, <c>Limits:StreamsPerEndUserMax</c>, <c>Limits:StreamsPerAccountMax</c>.
    /// </summary>
    public const string StreamLimitReached = "STREAM_LIMIT_REACHED";

    /// <summary>
    /// The request body is not one well-formed message of the method's request type (INVALID_ARGUMENT):
    /// a truncated or trailing frame, a bad compressed flag or compressed data, a wrong wire type, a
    /// string that is not UTF-8; on the HTTP/JSON face, a body that is not JSON of the request message
    /// (not <c>application/json</c>, malformed JSON, an unknown field, a value of the wrong type).
    /// No metadata: nothing in it could be read. Answered before authentication.
    /// </summary>
    public const string MalformedRequest = "MALFORMED_REQUEST";

    /// <summary>
    /// An HTTP/JSON request body is larger than the server accepts (INVALID_ARGUMENT, HTTP 400), refused
    /// before it is read further or parsed; metadata <c>maxBytes</c>. (gRPC keeps its documented
    /// RESOURCE_EXHAUSTED without ErrorInfo for an oversized message.)
    /// </summary>
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";

    /// <summary>A well-formed gift code that was never issued (NOT_FOUND); no metadata: the code is never echoed.</summary>
    public const string GiftCodeNotFound = "GIFT_CODE_NOT_FOUND";

    /// <summary>The gift code was redeemed already (FAILED_PRECONDITION); metadata <c>codeId</c>, <c>state</c>.</summary>
    public const string GiftCodeRedeemed = "GIFT_CODE_REDEEMED";

    /// <summary>The gift code is past its expiry (FAILED_PRECONDITION); metadata <c>codeId</c>, <c>state</c>.</summary>
    public const string GiftCodeExpired = "GIFT_CODE_EXPIRED";

    /// <summary>The gift code was revoked (FAILED_PRECONDITION); metadata <c>codeId</c>, <c>state</c>.</summary>
    public const string GiftCodeRevoked = "GIFT_CODE_REVOKED";

    /// <summary>
    /// The account made as many failed gift code redemptions this UTC minute as allowed
    /// (RESOURCE_EXHAUSTED); metadata <c>limit</c> and <c>retryAfterSeconds</c>. The attempt changed nothing.
    /// </summary>
    public const string TooManyAttempts = "TOO_MANY_ATTEMPTS";

    /// <summary>ReplayWebhookDeadLetter named a delivery the endpoint never had (NOT_FOUND); metadata <c>endpointId</c>, <c>accountId</c>, <c>sequence</c>.</summary>
    public const string WebhookDeliveryNotFound = "WEBHOOK_DELIVERY_NOT_FOUND";

    /// <summary>A well-formed referral code that no account has (NOT_FOUND); no metadata: the code is never echoed.</summary>
    public const string ReferralCodeNotFound = "REFERRAL_CODE_NOT_FOUND";

    /// <summary>An account applied its own referral code (FAILED_PRECONDITION); metadata <c>accountId</c>.</summary>
    public const string ReferralSelf = "REFERRAL_SELF";

    /// <summary>
    /// The referral could close a cycle: the referrer was referred by the referee, or the referee referred
    /// accounts already (FAILED_PRECONDITION); metadata <c>refereeAccountId</c>, <c>referrerAccountId</c>.
    /// </summary>
    public const string ReferralCircular = "REFERRAL_CIRCULAR";

    /// <summary>Another account referred the referee already (FAILED_PRECONDITION); metadata <c>refereeAccountId</c>.</summary>
    public const string AlreadyReferred = "ALREADY_REFERRED";

    /// <summary>The referee has paid, so it is not new (FAILED_PRECONDITION); metadata <c>refereeAccountId</c>.</summary>
    public const string ReferralNotNew = "REFERRAL_NOT_NEW";

    /// <summary>GetBalance as of an instant would replay more journal entries than its cap (FAILED_PRECONDITION); metadata <c>max</c>.</summary>
    public const string ReplayTooLong = "REPLAY_TOO_LONG";

    /// <summary>A notification email address that is not one bare address (INVALID_ARGUMENT); metadata <c>field</c>.</summary>
    public const string InvalidEmailAddress = "INVALID_EMAIL_ADDRESS";
}
