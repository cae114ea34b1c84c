using Credits.Ledger.Errors;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;

namespace Credits.Server.Errors;

/// <summary>The one table that turns a ledger error kind into a gRPC status code and an <c>ErrorInfo</c> reason.</summary>
internal static class LedgerErrorMapping
{
    public static (StatusCode Code, string Reason) Classify(LedgerErrorKind kind) =>
        // No discard arm on purpose: a new LedgerErrorKind is then a compile error (CS8509) here, so
        // it cannot ship unmapped. A value outside the enum throws SwitchExpressionException.
#pragma warning disable CS8524
        kind switch
        {
            LedgerErrorKind.InvalidRequest => (StatusCode.InvalidArgument, ErrorReasons.InvalidRequest),
            LedgerErrorKind.HoldNotFound => (StatusCode.NotFound, ErrorReasons.HoldNotFound),
            LedgerErrorKind.FeatureNotFound => (StatusCode.NotFound, ErrorReasons.FeatureNotFound),
            LedgerErrorKind.ApiKeyNotFound => (StatusCode.NotFound, ErrorReasons.ApiKeyNotFound),
            LedgerErrorKind.IdempotencyKeyReused => (StatusCode.AlreadyExists, ErrorReasons.IdempotencyKeyReused),
            LedgerErrorKind.HoldAlreadyCommitted => (StatusCode.AlreadyExists, ErrorReasons.HoldAlreadyCommitted),
            LedgerErrorKind.InsufficientCredits => (StatusCode.FailedPrecondition, ErrorReasons.InsufficientCredits),
            LedgerErrorKind.HoldNotActive => (StatusCode.FailedPrecondition, ErrorReasons.HoldNotActive),
            LedgerErrorKind.HoldLifetimeExceeded => (StatusCode.FailedPrecondition, ErrorReasons.HoldLifetimeExceeded),
            LedgerErrorKind.LeadAlreadyClaimed => (StatusCode.FailedPrecondition, ErrorReasons.LeadAlreadyClaimed),
            LedgerErrorKind.TierNotFound => (StatusCode.NotFound, ErrorReasons.TierNotFound),
            LedgerErrorKind.SubscriptionNotFound => (StatusCode.NotFound, ErrorReasons.SubscriptionNotFound),
            LedgerErrorKind.UnappliedEventNotFound => (StatusCode.NotFound, ErrorReasons.UnappliedEventNotFound),
            LedgerErrorKind.SubscriptionCanceled => (StatusCode.FailedPrecondition, ErrorReasons.SubscriptionCanceled),
            LedgerErrorKind.AccountLimitReached => (StatusCode.ResourceExhausted, ErrorReasons.AccountLimitReached),
            LedgerErrorKind.TransferLimitExceeded => (StatusCode.ResourceExhausted, ErrorReasons.TransferLimitExceeded),
            LedgerErrorKind.HoldNotCommitted => (StatusCode.FailedPrecondition, ErrorReasons.HoldNotCommitted),
            LedgerErrorKind.RefundExceedsCommitted => (StatusCode.FailedPrecondition, ErrorReasons.RefundExceedsCommitted),
            LedgerErrorKind.Unavailable => (StatusCode.Unavailable, ErrorReasons.DatabaseUnavailable),
            LedgerErrorKind.GiftCodeNotFound => (StatusCode.NotFound, ErrorReasons.GiftCodeNotFound),
            LedgerErrorKind.GiftCodeRedeemed => (StatusCode.FailedPrecondition, ErrorReasons.GiftCodeRedeemed),
            LedgerErrorKind.GiftCodeExpired => (StatusCode.FailedPrecondition, ErrorReasons.GiftCodeExpired),
            LedgerErrorKind.GiftCodeRevoked => (StatusCode.FailedPrecondition, ErrorReasons.GiftCodeRevoked),
            LedgerErrorKind.TooManyAttempts => (StatusCode.ResourceExhausted, ErrorReasons.TooManyAttempts),
            LedgerErrorKind.MemberLimitExceeded => (StatusCode.ResourceExhausted, ErrorReasons.MemberLimitExceeded),
            LedgerErrorKind.NotAPoolMember => (StatusCode.FailedPrecondition, ErrorReasons.NotAPoolMember),
            LedgerErrorKind.PoolMemberExists => (StatusCode.AlreadyExists, ErrorReasons.PoolMemberExists),
            LedgerErrorKind.WebhookDeliveryNotFound => (StatusCode.NotFound, ErrorReasons.WebhookDeliveryNotFound),
            LedgerErrorKind.ReferralCodeNotFound => (StatusCode.NotFound, ErrorReasons.ReferralCodeNotFound),
            LedgerErrorKind.ReferralSelf => (StatusCode.FailedPrecondition, ErrorReasons.ReferralSelf),
            LedgerErrorKind.ReferralCircular => (StatusCode.FailedPrecondition, ErrorReasons.ReferralCircular),
            LedgerErrorKind.AlreadyReferred => (StatusCode.FailedPrecondition, ErrorReasons.AlreadyReferred),
            LedgerErrorKind.ReferralNotNew => (StatusCode.FailedPrecondition, ErrorReasons.ReferralNotNew),
            LedgerErrorKind.ReplayTooLong => (StatusCode.FailedPrecondition, ErrorReasons.ReplayTooLong),
            LedgerErrorKind.InvalidEmailAddress => (StatusCode.InvalidArgument, ErrorReasons.InvalidEmailAddress),
        };
#pragma warning restore CS8524

    public static RpcException ToRpcException(LedgerException error)
    {
        var (code, reason) = Classify(error.Kind);
        var status = RpcErrors.Status(code, error.Message, reason, error.Metadata);
        if (error.Kind is LedgerErrorKind.InvalidRequest or LedgerErrorKind.InvalidEmailAddress)
        {
            status.Details.Add(Any.Pack(new BadRequest
            {
                FieldViolations =
                {
                    new BadRequest.Types.FieldViolation { Field = error.Field ?? "", Description = error.Message },
                },
            }));
        }
        return status.ToRpcException();
    }
}
