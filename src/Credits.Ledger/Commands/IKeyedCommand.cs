namespace Credits.Ledger.Commands;

/// <summary>
/// A command applied once per idempotency key. The key is scoped by the caller and by
/// <see cref="KeyAccountId"/>, which is also the account whose lane the command takes.
/// </summary>
public interface IKeyedCommand
{
    /// <summary>The account that scopes the key (for a lead claim, the lead).</summary>
    string KeyAccountId { get; }

    /// <summary>The caller's key for this request.</summary>
    string IdempotencyKey { get; }
}
