namespace Credits.Ledger.Balances;

/// <summary>
/// The credits in feature-scoped lots with one feature set (normalised), apart from the spendable
/// balance: they pay only a Reserve for one of <paramref name="Features"/>.
/// </summary>
public sealed record ScopedBalance(IReadOnlyList<string> Features, long Available, long Held);
