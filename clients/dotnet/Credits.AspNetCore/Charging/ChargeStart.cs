namespace Credits.AspNetCore.Charging;

/// <summary>What happened when a request asked the ledger for its price, before the handler.</summary>
internal enum ChargeOutcome
{
    /// <summary>The price is held: run the handler, then settle.</summary>
    Charged,

    /// <summary>The ledger was down and fail-open is on: run the handler uncharged.</summary>
    Uncharged,

    /// <summary>Fewer credits are available than the price: do not run the handler.</summary>
    Insufficient,

    /// <summary>The ledger could not be reached in time and fail-open is off.</summary>
    Unavailable,

    /// <summary>The caller's idempotency key was used for a request with another price.</summary>
    KeyReused,

    /// <summary>The caller's idempotency key belongs to a request that has finished (committed or released).</summary>
    KeySettled,

    /// <summary>A request with the caller's idempotency key is still running in this process.</summary>
    KeyInFlight,
}

/// <summary>The outcome of the reserve, with what each answer needs.</summary>
internal sealed record ChargeStart(ChargeOutcome Outcome, CreditCharge? Charge = null, long Available = 0, long Required = 0);
