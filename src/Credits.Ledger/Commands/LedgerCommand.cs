namespace Credits.Ledger.Commands;

/// <summary>
/// A change the engine applies. Commands are plain data; the engine applies a list of them in one
/// transaction, each with its own result or error. Every concrete command derives from
/// <see cref="LedgerCommand{TResult}"/> and has exactly one rule (Rules/CommandRules.cs).
/// </summary>
/// <param name="Actor">The authenticated caller; it scopes idempotency keys and is written into the journal.</param>
public abstract record LedgerCommand(string Actor)
{
    /// <summary>A message to send if, and only if, this command takes effect (not when a retry replays it).</summary>
    public Outbox.OutboxMessage? Notification { get; init; }
}

/// <summary>A command whose successful result is a <typeparamref name="TResult"/>.</summary>
public abstract record LedgerCommand<TResult>(string Actor) : LedgerCommand(Actor) where TResult : class;
