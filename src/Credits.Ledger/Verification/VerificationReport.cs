namespace Credits.Ledger.Verification;

/// <summary>The outcome of checking the whole ledger.</summary>
/// <param name="AccountsChecked">How many accounts were checked.</param>
/// <param name="Violations">Each broken invariant; empty when the ledger is consistent.</param>
public sealed record VerificationReport(int AccountsChecked, IReadOnlyList<LedgerViolation> Violations);
