namespace Credits.Ledger.Analytics.Projection;

/// <summary>
/// What one committed batch (or several in a row) spent on one account: the entries the aggregates
/// count with sequences in (<paramref name="From"/>, <paramref name="To"/>], tallied. <c>From</c> is
/// the account's last counted entry before them, so the projector can tell, by comparing it with
/// the stored checkpoint, whether the block follows exactly what was folded last.
/// </summary>
internal sealed record UsageBlock(string AccountId, long From, long To, UsageTally Tally);
