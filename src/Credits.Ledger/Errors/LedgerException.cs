namespace Credits.Ledger.Errors;

/// <summary>
/// Carries a <see cref="LedgerError"/> out of the ledger's public API: an operating error, expected,
/// reported to the caller, and never a bug. Inside the engine errors travel as values.
/// </summary>
public sealed class LedgerException(LedgerError error) : Exception(error.Message)
{
    /// <summary>The error.</summary>
    public LedgerError Error { get; } = error;

    /// <summary>What went wrong.</summary>
    public LedgerErrorKind Kind => Error.Kind;

    /// <summary>The values the message refers to (for example available and requested credits).</summary>
    public IReadOnlyDictionary<string, string> Metadata => Error.Metadata;

    /// <summary>For <see cref="LedgerErrorKind.InvalidRequest"/>: the request field in snake_case.</summary>
    public string? Field => Error.Field;
}
