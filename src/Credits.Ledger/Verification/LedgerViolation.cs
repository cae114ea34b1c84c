namespace Credits.Ledger.Verification;

/// <summary>One broken invariant.</summary>
/// <param name="AccountId">The account it concerns.</param>
/// <param name="Description">What is wrong, for a person.</param>
public sealed record LedgerViolation(string AccountId, string Description)
{
    /// <summary>"account: what is wrong", the form <see cref="LedgerVerifier.VerifyAsync"/> returns.</summary>
    public override string ToString() => $"{AccountId}: {Description}";
}
