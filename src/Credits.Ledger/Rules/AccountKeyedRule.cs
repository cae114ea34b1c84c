using Credits.Ledger.Commands;

namespace Credits.Ledger.Rules;

/// <summary>A keyed rule whose key is scoped by the account the command changes (every keyed command but a lead claim).</summary>
internal abstract class AccountKeyedRule<TCommand, TResult> : KeyedCommandRule<TCommand, TResult>
    where TCommand : LedgerCommand<TResult>, IAccountCommand
    where TResult : class
{
    public sealed override IdempotencyScope KeyOf(TCommand command) => new(command.AccountId, command.IdempotencyKey);
}
