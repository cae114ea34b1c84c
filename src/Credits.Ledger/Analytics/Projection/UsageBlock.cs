namespace Credits.Ledger.Analytics.Projection;

/// <summary>
/// What one committed batch (or several in a row) spent on one account: the entries the aggregates
/// count with sequences in (<paramref name="From"/>, <paramref name="To"/>], tallied. <c>From</c> is
/// the account's last counted entry before them, so the projector can tell, by comparing it with
/// the stored checkpoint, whether the block follows exactly what was folded last. A null
/// <c>Tally</c> means the batch could not tally it (a refund of a pool hold it did not load): the
/// projector reads those entries back from the journal.
/// </summary>
internal sealed record UsageBlock(string AccountId, long From, long To, UsageTally? Tally);
