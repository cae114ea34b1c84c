namespace Credits.Ledger.Verification;

/// <summary>The first entry of an account's journal whose stored hash does not match the chain recomputed from its entries.</summary>
/// <param name="Sequence">The entry's sequence; for an account row whose <c>last_hash</c> disagrees with its last entry, that entry's.</param>
/// <param name="Expected">The hash the chain gives: SHA-256 of the previous hash and the entry's canonical bytes.</param>
/// <param name="Stored">The hash stored with the entry; null when none is stored.</param>
public sealed record ChainBreak(long Sequence, byte[] Expected, byte[]? Stored);
