using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Idempotency;

/// <summary>
/// A claimed idempotency key: the fingerprint of the request that claimed it and the response it
/// got, kept until <see cref="ExpiresAtMs"/>. A live record answers retries; an expired one may be
/// claimed again by <see cref="Reclaim"/>.
/// </summary>
internal sealed class IdempotencyRecord : IBatchEntity<IdempotencyKeyId>
{
    private bool _changed;

    private IdempotencyRecord(IdempotencyKeyId key, string fingerprint, string responseJson, long createdAtMs, long expiresAtMs, bool isNew) =>
        (Key, Fingerprint, ResponseJson, CreatedAtMs, ExpiresAtMs, IsNew) = (key, fingerprint, responseJson, createdAtMs, expiresAtMs, isNew);

    public IdempotencyKeyId Key { get; }
    public string Fingerprint { get; private set; }
    public string ResponseJson { get; private set; }
    public long CreatedAtMs { get; private set; }
    public long ExpiresAtMs { get; private set; }
    public bool IsNew { get; }
    public bool IsDirty => IsNew || _changed;

    public bool IsLiveAt(long nowMs) => ExpiresAtMs > nowMs;

    /// <summary>A key claimed for the first time.</summary>
    public static IdempotencyRecord Claim(IdempotencyKeyId key, string fingerprint, string responseJson, long nowMs, long expiresAtMs) =>
        new(key, fingerprint, responseJson, nowMs, expiresAtMs, isNew: true);

    /// <summary>A record read from the database.</summary>
    public static IdempotencyRecord Loaded(IdempotencyKeyId key, string fingerprint, string responseJson, long createdAtMs, long expiresAtMs) =>
        new(key, fingerprint, responseJson, createdAtMs, expiresAtMs, isNew: false);

    /// <summary>Claims an expired key again for a new request.</summary>
    public void Reclaim(string fingerprint, string responseJson, long nowMs, long expiresAtMs)
    {
        if (IsLiveAt(nowMs))
        {
            throw new InvalidOperationException($"Idempotency key {Key.Key} is still live; it answers retries and cannot be claimed again.");
        }
        (Fingerprint, ResponseJson, CreatedAtMs, ExpiresAtMs) = (fingerprint, responseJson, nowMs, expiresAtMs);
        _changed = true;
    }
}
