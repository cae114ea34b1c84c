namespace Credits.Ledger.Analytics.Projection;

/// <summary>How the usage projector follows the journal (configuration section <c>Ledger:UsageProjection</c>).</summary>
public sealed class UsageProjectionOptions
{
    /// <summary>
    /// Whether batches hand what they spent to the projector and the server runs it (default on).
    /// Off, the aggregates stop where they are (batches still note their last counted entry); on
    /// again, the start's catch-up folds everything since from the journal.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How often the usage of committed batches is folded into the aggregates (default one second):
    /// how far behind the journal a report read through another instance may be. A report read
    /// through the instance that committed first folds that account's waiting usage itself.
    /// </summary>
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often every account is checked against its checkpoint (default ten minutes, and at
    /// start): what picks up usage an instance committed and died before folding, when its accounts
    /// see no new usage that would have caught them up sooner.
    /// </summary>
    public TimeSpan CatchUpInterval { get; set; } = TimeSpan.FromMinutes(10);
}
