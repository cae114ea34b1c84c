namespace Credits.Ledger.Verification;

/// <summary>One broken invariant.</summary>
/// <param name="AccountId">The account it concerns.</param>
/// <param name="Description">What is wrong, for a person.</param>
/// <param name="ChainBreak">For a broken hash chain, the first entry that breaks it; null for other violations.</param>
public sealed record LedgerViolation(string AccountId, string Description, ChainBreak? ChainBreak = null)
{
    /// <summary>"account: what is wrong", the form <see cref="LedgerVerifier.VerifyAsync"/> returns.</summary>
    public override string ToString() => $"{AccountId}: {Description}";
}
