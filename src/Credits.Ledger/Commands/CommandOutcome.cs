using Credits.Ledger.Errors;

namespace Credits.Ledger.Commands;

/// <summary>One command's result, or the operating error that left it without effect.</summary>
public abstract class CommandOutcome
{
    private protected CommandOutcome(LedgerError? error) => Error = error;

    /// <summary>The operating error, or null when the command took effect (or replayed its first response).</summary>
    public LedgerError? Error { get; }

    /// <summary>The result of <paramref name="command"/>, whose outcome this is; its error thrown as <see cref="LedgerException"/>.</summary>
    public TResult ResultOf<TResult>(LedgerCommand<TResult> command) where TResult : class =>
        this is CommandOutcome<TResult> typed
            ? typed.Unwrap()
            : throw new ArgumentException($"This outcome is not that of a {command.GetType().Name}.", nameof(command));
}

/// <summary>The outcome of a <see cref="LedgerCommand{TResult}"/>.</summary>
public sealed class CommandOutcome<TResult> : CommandOutcome where TResult : class
{
    /// <summary>Creates the outcome: exactly one of <paramref name="result"/> and <paramref name="error"/>.</summary>
    public CommandOutcome(TResult? result, LedgerError? error) : base(error)
    {
        if ((result is null) == (error is null))
        {
            throw new ArgumentException("An outcome has a result or an error, never both or neither.");
        }
        Result = result;
    }

    /// <summary>The result, or null on error.</summary>
    public TResult? Result { get; }

    /// <summary>The result; the error thrown as <see cref="LedgerException"/>.</summary>
    public TResult Unwrap() => Error is not null ? throw Error.ToException() : Result!;
}
