using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Lots;

/// <summary>An account and a payment reference: the key of a <see cref="PaymentGrant"/>.</summary>
internal readonly record struct PaymentGrantKey(string AccountId, string Reference);

/// <summary>
/// The grant an account got for a payment (table <c>payment_grants</c>), kept for good: idempotency
/// keys are forgotten after their retention, but a payment must never be granted twice, however
/// late its event is redelivered or repeated after a crash. Written once, never changed.
/// </summary>
internal sealed class PaymentGrant : IBatchEntity<PaymentGrantKey>
{
    private PaymentGrant(PaymentGrantKey key, string lotId, long createdAtMs, bool isNew) =>
        (Key, LotId, CreatedAtMs, IsNew) = (key, lotId, createdAtMs, isNew);

    public PaymentGrantKey Key { get; }

    /// <summary>The lot the grant created.</summary>
    public string LotId { get; }

    public long CreatedAtMs { get; }

    public bool IsNew { get; }

    public bool IsDirty => IsNew;

    /// <summary>The grant just decided for the payment.</summary>
    public static PaymentGrant Record(PaymentGrantKey key, string lotId, long nowMs) => new(key, lotId, nowMs, isNew: true);

    /// <summary>A grant read from the database.</summary>
    public static PaymentGrant Loaded(PaymentGrantKey key, string lotId, long createdAtMs) => new(key, lotId, createdAtMs, isNew: false);
}
