namespace Credits.Ledger.Errors;

/// <summary>
/// An operating error as a value: what the ledger reports when a request cannot take effect
/// (never a bug). Rules return it; <see cref="ToException"/> carries it across the public API,
/// where the server maps it to a status and an <c>ErrorInfo</c> once.
/// </summary>
/// <param name="Kind">What went wrong, from the closed set of kinds.</param>
/// <param name="Message">A short, actionable sentence; the metadata holds every value it names.</param>
/// <param name="Metadata">lowerCamel keys, invariant-culture values.</param>
/// <param name="Field">For <see cref="LedgerErrorKind.InvalidRequest"/>: the request field in snake_case, such as <c>amount</c> or <c>metadata[key]</c>.</param>
public sealed record LedgerError(LedgerErrorKind Kind, string Message, IReadOnlyDictionary<string, string> Metadata, string? Field = null)
{
    /// <summary>The error as the exception the public API throws.</summary>
    public LedgerException ToException() => new(this);
}
