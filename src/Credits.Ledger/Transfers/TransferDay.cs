using Credits.Ledger.Data.Batches;
using Credits.Ledger.Errors;

namespace Credits.Ledger.Transfers;

/// <summary>A sender and a UTC day (days since 1970-01-01): the key of a <see cref="TransferDay"/>.</summary>
internal readonly record struct TransferDayKey(string AccountId, long Day)
{
    /// <summary>The key of <paramref name="accountId"/>'s UTC day containing <paramref name="now"/>.</summary>
    public static TransferDayKey At(string accountId, DateTimeOffset now) =>
        new(accountId, now.ToUnixTimeMilliseconds() / (long)TimeSpan.FromDays(1).TotalMilliseconds);
}

/// <summary>
/// What one sender transferred on one UTC day (table <c>transfer_days</c>): the counter the daily
/// limit is decided on. It is read and written in the batch that moves the credits, under the
/// sender's lock, so two concurrent transfers cannot both pass the limit.
/// </summary>
internal sealed class TransferDay : IBatchEntity<TransferDayKey>
{
    private bool _changed;

    private TransferDay(TransferDayKey key, long sent, bool isNew) => (Key, Sent, IsNew) = (key, sent, isNew);

    public TransferDayKey Key { get; }

    /// <summary>Credits sent that day so far.</summary>
    public long Sent { get; private set; }

    public bool IsNew { get; }

    public bool IsDirty => IsNew || _changed;

    /// <summary>The day's counter before the sender's first transfer that day.</summary>
    public static TransferDay Start(TransferDayKey key) => new(key, 0, isNew: true);

    /// <summary>A counter read from the database.</summary>
    public static TransferDay Loaded(TransferDayKey key, long sent) => new(key, sent, isNew: false);

    /// <summary>Null when <paramref name="amount"/> more fits under <paramref name="limit"/> (0: none); else the error.</summary>
    public LedgerError? RoomFor(long amount, long limit) =>
        limit > 0 && amount > limit - Sent ? LedgerErrors.TransferLimitExceeded(limit, Sent, amount) : null;

    /// <summary>Counts a transfer the rule decided; the rule checked <see cref="RoomFor"/> first.</summary>
    public void Count(long amount)
    {
        if (amount <= 0)
        {
            throw new InvalidOperationException($"A transfer of {amount} credits cannot be counted.");
        }
        Sent += amount;
        _changed = true;
    }
}
