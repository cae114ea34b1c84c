namespace Credits.Ledger.Journal;

/// <summary>Actors the ledger writes into the journal on its own behalf.</summary>
public static class Actors
{
    /// <summary>Entries no caller caused: sweeps, lazy expiry, a lead's first-use allowance. No API key may take this name.</summary>
    public const string System = "system";
}
