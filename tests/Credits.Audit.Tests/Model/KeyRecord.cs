using Google.Protobuf;

namespace Credits.Audit.Tests.Model;

/// <summary>A remembered idempotency key: what the request asked for, its first reply, and when it is forgotten.</summary>
public sealed record KeyRecord(string Fingerprint, Func<IMessage> Reply, long ExpiresAtMs);
