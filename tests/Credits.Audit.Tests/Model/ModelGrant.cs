using Credits.V1;

namespace Credits.Audit.Tests.Model;

/// <summary>A grant as the model decides it, whether it came as a gRPC request or as a domain command (which may carry rollover terms).</summary>
public sealed record ModelGrant(
    string AccountId,
    long Amount,
    Bucket Bucket,
    long? ExpiresAtMs,
    int? Priority,
    string Reference,
    string IdempotencyKey,
    IReadOnlyDictionary<string, string> Metadata,
    ModelRolloverTerms? Rollover);
