using Credits.Client.Errors;
using Credits.Client.Reservations;
using Credits.V1;

namespace Credits.Client;

// RunReservedAsync: reserve, run the work, then commit or release.
public sealed partial class CreditsClient
{
    /// <summary>
    /// Runs paid work inside a reservation: reserves per <paramref name="request"/>, runs <paramref name="work"/>,
    /// then commits what the work cost or releases the hold if it failed.
    /// </summary>
    /// <remarks>
    /// <para>
    /// On success the hold is committed: all of it, or <see cref="Reservation.CommitAmount"/> if the work set it
    /// (<see cref="Reservation.SetActualCost(long)"/>); 0 releases it instead. This commit ignores
    /// <paramref name="cancellationToken"/> (the work is done and is billed) and is bounded by
    /// <see cref="CreditsClientOptions.SettleTimeout"/>. If the commit fails, the exception propagates and the
    /// hold stays as it is: commit and release are idempotent per hold, so committing it again with
    /// <see cref="CommitAsync(CommitRequest, CancellationToken)"/> is safe; a hold never committed releases itself
    /// when its TTL passes.
    /// </para>
    /// <para>
    /// If the work throws (including <see cref="OperationCanceledException"/>), the hold is released, without the
    /// caller's token and bounded by <see cref="CreditsClientOptions.SettleTimeout"/>, and the work's exception is
    /// rethrown unchanged. A failing release never hides it; the hold then releases itself when its TTL passes.
    /// </para>
    /// <para>
    /// <paramref name="request"/> needs its own idempotency key; retrying the whole scope with the same key after
    /// a failed reserve is safe, but after a reserve that succeeded it gets back the same (by then settled) hold.
    /// </para>
    /// </remarks>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="request">The reserve: account, amount or feature and quantity, TTL, idempotency key.</param>
    /// <param name="work">The paid operation; gets the reservation and <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the reserve and is passed to the work.</param>
    /// <returns>What the work returned, once the hold is committed.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="work"/> is <see langword="null"/>.</exception>
    /// <exception cref="CreditsException">
    /// The reserve failed (typically <see cref="InsufficientCreditsException"/>), or the commit did (for example
    /// <see cref="HoldNotActiveException"/> when the work outlived the hold's TTL).
    /// </exception>
    public async Task<T> RunReservedAsync<T>(
        ReserveRequest request,
        Func<Reservation, CancellationToken, Task<T>> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(work);

        var reserved = await ReserveAsync(request, cancellationToken).ConfigureAwait(false);
        var reservation = new Reservation(request.AccountId, reserved);

        T result;
        try
        {
            result = await work(reservation, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await ReleaseAfterFailureAsync(reservation.HoldId).ConfigureAwait(false);
            throw;
        }

        await SettleAsync(reservation).ConfigureAwait(false);
        return result;
    }

    /// <summary>
    /// Runs paid work that returns nothing inside a reservation; see
    /// <see cref="RunReservedAsync{T}(ReserveRequest, Func{Reservation, CancellationToken, Task{T}}, CancellationToken)"/>
    /// for what happens on success and failure. Commit and release are idempotent per hold, so retrying them is safe.
    /// </summary>
    /// <param name="request">The reserve: account, amount or feature and quantity, TTL, idempotency key.</param>
    /// <param name="work">The paid operation; gets the reservation and <paramref name="cancellationToken"/>.</param>
    /// <param name="cancellationToken">Cancels the reserve and is passed to the work.</param>
    /// <returns>Completes once the hold is committed (or released, if the work set a cost of 0).</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> or <paramref name="work"/> is <see langword="null"/>.</exception>
    /// <exception cref="CreditsException">The reserve or the commit failed.</exception>
    public Task RunReservedAsync(
        ReserveRequest request,
        Func<Reservation, CancellationToken, Task> work,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(work);
        return RunReservedAsync<bool>(
            request,
            async (reservation, token) =>
            {
                await work(reservation, token).ConfigureAwait(false);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Commits what the work said it cost (all of the hold by default), or releases the hold for a cost of 0.</summary>
    private async Task SettleAsync(Reservation reservation)
    {
        if (reservation.CommitAmount == 0)
        {
            await ReleaseAsync(new ReleaseRequest { HoldId = reservation.HoldId }, SettleOptions()).ConfigureAwait(false);
            return;
        }

        var commit = new CommitRequest { HoldId = reservation.HoldId };
        if (reservation.CommitAmount is { } amount)
        {
            commit.Amount = amount;
        }

        commit.Metadata.Add(reservation.CommitMetadata);
        await CommitAsync(commit, SettleOptions()).ConfigureAwait(false);
    }

    /// <summary>Releases the hold of failed work; its own failure is dropped so the work's exception stays the one thrown.</summary>
    private async Task ReleaseAfterFailureAsync(string holdId)
    {
        try
        {
            await ReleaseAsync(new ReleaseRequest { HoldId = holdId }, SettleOptions()).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Keep the work's exception: it says what went wrong, and the hold releases itself when its TTL passes.
        }
    }
}
