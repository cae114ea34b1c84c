using Credits.Ledger.Errors;

namespace Credits.Ledger.Rules;

/// <summary>
/// A rule's verdict on one command: its typed result, or the operating error that left the command
/// without effect. Expected failures travel as this value inside the engine; an exception there is a bug.
/// </summary>
internal readonly struct Decision<TResult> where TResult : class
{
    private Decision(TResult? result, LedgerError? error) => (Result, Error) = (result, error);

    public TResult? Result { get; }

    public LedgerError? Error { get; }

    public static implicit operator Decision<TResult>(TResult result) => new(result, null);

    public static implicit operator Decision<TResult>(LedgerError error) => new(null, error);
}
