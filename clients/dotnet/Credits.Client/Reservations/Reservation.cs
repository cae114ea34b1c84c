using Credits.V1;

namespace Credits.Client.Reservations;

/// <summary>
/// A hold taken by <see cref="CreditsClient.RunReservedAsync{T}(ReserveRequest, Func{Reservation, CancellationToken, Task{T}}, CancellationToken)"/>
/// for the work it runs. The work may say what it actually cost with <see cref="SetActualCost(long)"/> (or
/// <see cref="CommitAmount"/>); when it returns, the scope commits that much (all of the hold if it said nothing,
/// and releases the hold if it said 0).
/// </summary>
/// <remarks>Not thread-safe: set the cost from one thread, before the work returns.</remarks>
public sealed class Reservation
{
    private long? _commitAmount;

    internal Reservation(string accountId, ReserveResponse response)
    {
        AccountId = accountId;
        HoldId = response.HoldId;
        Amount = response.Amount;
        ExpiresAt = response.ExpiresAt?.ToDateTimeOffset() ?? default;
        Balance = response.Balance ?? new Balance { AccountId = accountId };
    }

    /// <summary>The account the credits are held on.</summary>
    public string AccountId { get; }

    /// <summary>The hold's id, as for <see cref="CreditsClient.CommitAsync(CommitRequest, CancellationToken)"/>.</summary>
    public string HoldId { get; }

    /// <summary>The credits held (for a reserve by feature, the price the server resolved times the quantity).</summary>
    public long Amount { get; }

    /// <summary>
    /// When the hold releases itself if it is still active. Work that outlives it cannot be committed any more
    /// (the commit fails with <see cref="Errors.HoldNotActiveException"/>).
    /// </summary>
    public DateTimeOffset ExpiresAt { get; }

    /// <summary>The account's balance right after the reserve.</summary>
    public Balance Balance { get; }

    /// <summary>
    /// The credits to commit when the work succeeds: <see langword="null"/> (the default) commits all of
    /// <see cref="Amount"/>, 0 releases the hold, anything in between commits that much and returns the rest.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or more than <see cref="Amount"/>.</exception>
    public long? CommitAmount
    {
        get => _commitAmount;
        set
        {
            if (value is { } amount)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(amount, nameof(value));
                ArgumentOutOfRangeException.ThrowIfGreaterThan(amount, Amount, nameof(value));
            }

            _commitAmount = value;
        }
    }

    /// <summary>Labels for the commit's journal entry (same limits as <see cref="CommitRequest.Metadata"/>).</summary>
    public IDictionary<string, string> CommitMetadata { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Says what the work actually cost: the scope commits <paramref name="credits"/> (0 releases the hold).</summary>
    /// <param name="credits">From 0 to <see cref="Amount"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="credits"/> is negative or more than <see cref="Amount"/>.</exception>
    public void SetActualCost(long credits)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(credits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(credits, Amount);
        _commitAmount = credits;
    }
}
