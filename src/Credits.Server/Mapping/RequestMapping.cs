using Credits.Ledger.Commands;
using Credits.Ledger.Errors;
using Google.Protobuf.Collections;
using Google.Protobuf.WellKnownTypes;
using DomainBucket = Credits.Ledger.Lots.Bucket;
using V1 = Credits.V1;

namespace Credits.Server.Mapping;

/// <summary>
/// Proto requests to domain commands. Only shapes change here; every rule (ranges, defaults,
/// required fields) is the domain's, which names the proto field when it rejects one.
/// </summary>
internal static class RequestMapping
{
    public static GrantCommand ToCommand(this V1.GrantRequest request, string actor) => new(
        actor,
        request.AccountId,
        request.Amount,
        ToBucket(request.Bucket),
        request.ExpiresAt is { } expiresAt ? ToDateTimeOffset(expiresAt, "expires_at") : null,
        request.HasPriority ? request.Priority : null,
        request.Reference,
        request.IdempotencyKey,
        ToDictionary(request.Metadata))
    {
        Features = [.. request.Features],
    };

    /// <summary>The proto and domain enums share their values; the proto's zero value names no bucket.</summary>
    private static DomainBucket ToBucket(V1.Bucket bucket) => bucket == V1.Bucket.Unspecified
        ? throw LedgerErrors.Invalid("bucket", "bucket must be one of the BUCKET_ values other than BUCKET_UNSPECIFIED.").ToException()
        : (DomainBucket)(int)bucket;

    public static ReserveCommand ToCommand(this V1.ReserveRequest request, string actor) => new(
        actor,
        request.AccountId,
        request.CostCase == V1.ReserveRequest.CostOneofCase.Amount ? request.Amount : null,
        request.CostCase == V1.ReserveRequest.CostOneofCase.Feature ? request.Feature : null,
        request.Quantity,
        request.Ttl is { } ttl ? ToTimeSpan(ttl, "ttl") : null,
        request.IdempotencyKey,
        ToDictionary(request.Metadata)) { OnBehalfOf = request.OnBehalfOf.Length == 0 ? null : request.OnBehalfOf };

    public static CommitCommand ToCommand(this V1.CommitRequest request, string actor) => new(
        actor,
        request.HoldId,
        request.HasAmount ? request.Amount : null,
        ToDictionary(request.Metadata));

    public static ReleaseCommand ToCommand(this V1.ReleaseRequest request, string actor) => new(actor, request.HoldId);

    public static ExtendHoldCommand ToCommand(this V1.ExtendHoldRequest request, string actor) => new(
        actor,
        request.HoldId,
        request.Ttl is { } ttl ? ToTimeSpan(ttl, "ttl") : throw LedgerErrors.Invalid("ttl", "ttl is required.").ToException());

    public static RefundChargeCommand ToCommand(this V1.RefundChargeRequest request, string actor) => new(
        actor,
        request.HoldId,
        request.HasAmount ? request.Amount : null,
        request.Reason,
        request.IdempotencyKey);

    public static ClaimLeadCommand ToCommand(this V1.ClaimLeadRequest request, string actor) => new(
        actor,
        request.LeadAccountId,
        request.UserAccountId,
        request.IdempotencyKey);

    public static TransferCommand ToCommand(this V1.TransferRequest request, string actor) => new(
        actor,
        request.FromAccountId,
        request.ToAccountId,
        request.Amount,
        request.IdempotencyKey,
        request.Note);

    private static Dictionary<string, string> ToDictionary(MapField<string, string> metadata) =>
        new(metadata, StringComparer.Ordinal);

    // A Duration or Timestamp off the wire may be unnormalized or out of range; converting it then
    // throws, which is bad input on that field, never an internal error.
    private static TimeSpan ToTimeSpan(Duration duration, string field)
    {
        try
        {
            return duration.ToTimeSpan();
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException or OverflowException)
        {
            throw LedgerErrors.Invalid(field, $"{field} is not a valid duration.").ToException();
        }
    }

    internal static DateTimeOffset ToDateTimeOffset(Timestamp timestamp, string field)
    {
        try
        {
            return timestamp.ToDateTimeOffset();
        }
        catch (Exception error) when (error is InvalidOperationException or ArgumentException or OverflowException)
        {
            throw LedgerErrors.Invalid(field, $"{field} is not a valid timestamp.").ToException();
        }
    }
}
