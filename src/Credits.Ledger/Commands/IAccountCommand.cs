namespace Credits.Ledger.Commands;

/// <summary>A command on one account, applied once per idempotency key scoped by that account and the caller.</summary>
public interface IAccountCommand
{
    /// <summary>The account the command changes; it scopes the key and picks the command's lane.</summary>
    string AccountId { get; }

    /// <summary>The caller's key for this request.</summary>
    string IdempotencyKey { get; }
}
