namespace Credits.Audit.Tests.Model;

/// <summary>A remembered idempotency key: what the request asked for, its first reply (as text), and when it is forgotten.</summary>
public sealed record KeyRecord(string Fingerprint, Func<string> Reply, long ExpiresAtMs);
