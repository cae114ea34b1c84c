namespace Credits.Ledger.Errors;

/// <summary>
/// An operating error of the ledger: expected, reported to the caller, and never a bug. The metadata
/// holds every variable the message mentions, with lowerCamel keys and invariant-culture values.
/// </summary>
public sealed class LedgerException : Exception
{
    /// <summary>Creates the error.</summary>
    public LedgerException(LedgerErrorKind kind, string message, IReadOnlyDictionary<string, string>? metadata = null, string? field = null)
        : base(message)
    {
        Kind = kind;
        Metadata = metadata ?? new Dictionary<string, string>();
        Field = field;
    }

    /// <summary>What went wrong.</summary>
    public LedgerErrorKind Kind { get; }

    /// <summary>The values the message refers to (for example available and requested credits).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>For <see cref="LedgerErrorKind.InvalidRequest"/>: the request field in snake_case, such as <c>amount</c> or <c>metadata[key]</c>.</summary>
    public string? Field { get; }
}
