using Credits.Ledger.Errors;

namespace Credits.Ledger.Commands;

/// <summary>One command's result, or the operating error that left it without effect.</summary>
public sealed record CommandOutcome(object? Result, LedgerException? Error)
{
    /// <summary>The result as <typeparamref name="T"/>, or the error thrown.</summary>
    public T Unwrap<T>() => Error is not null ? throw Error : (T)Result!;
}
