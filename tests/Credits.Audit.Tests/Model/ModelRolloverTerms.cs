namespace Credits.Audit.Tests.Model;

/// <summary>What of a lot rolls over when it expires: at most <paramref name="Cap"/> credits, into a lot expiring at <paramref name="ExpiresAtMs"/>.</summary>
public sealed record ModelRolloverTerms(long Cap, long ExpiresAtMs);
