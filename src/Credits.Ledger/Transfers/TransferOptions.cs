namespace Credits.Ledger.Transfers;

/// <summary>Policies for <c>Transfer</c>, bound from <c>Ledger:Transfers</c>.</summary>
public sealed class TransferOptions
{
    /// <summary>
    /// Most credits one sender may transfer per UTC day, over all its transfers; 0 means no limit.
    /// It bounds what a stolen end-user token can move out of an account in a day.
    /// </summary>
    public long DailyLimit { get; set; } = 100_000;
}
