namespace Credits.Ledger.Idempotency;

/// <summary>Idempotency keys are scoped by account and caller.</summary>
internal readonly record struct IdempotencyKeyId(string AccountId, string Caller, string Key);
