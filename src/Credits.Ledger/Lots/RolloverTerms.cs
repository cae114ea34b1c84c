namespace Credits.Ledger.Lots;

/// <summary>
/// What of a lot's unused credits moves into a <see cref="Bucket.Rollover"/> lot when it expires:
/// at most <paramref name="Cap"/> credits, in a lot that expires at <paramref name="ExpiresAt"/>.
/// Rollover lots never roll over again.
/// </summary>
/// <param name="Cap">The most credits carried over, 0 or more.</param>
/// <param name="ExpiresAt">When the rollover lot expires; later than the lot's own expiry.</param>
public sealed record RolloverTerms(long Cap, DateTimeOffset ExpiresAt);
