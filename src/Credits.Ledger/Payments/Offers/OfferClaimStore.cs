using Credits.Ledger.Data;
using Credits.Ledger.Data.Payments;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Payments.Offers;

/// <summary>
/// The accounts' claims on limited offers (table <c>offer_claims</c>). A checkout of a limited pack
/// takes a claim before Stripe is asked for a session; the claim's slot (0 to the limit less one) is
/// part of the table's key, so concurrent checkouts never hold more claims than the limit.
/// </summary>
public sealed class OfferClaimStore(LedgerDatabase database, LedgerOptions options, ILogger<OfferClaimStore> logger)
{
    /// <summary>
    /// How long an unpaid claim holds its slot: a Stripe Checkout session can be paid for at most 24
    /// hours after it was created, so by then the claim's checkout can no longer be paid.
    /// </summary>
    public static readonly TimeSpan UnpaidLifetime = TimeSpan.FromHours(24);

    private readonly RetryingAccess _access = new(database, options, logger, "an offer claim");

    /// <summary>The account's live claims per pack id (packs without any are absent).</summary>
    public Task<Dictionary<string, int>> LiveCountsAsync(string accountId, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        _access.RunAsync((db, token) => OfferClaimTable.LiveCountsAsync(db, accountId, Clock.ToMs(now), token), cancellationToken);

    /// <summary>Whether the account ever paid for a pack.</summary>
    public Task<bool> HasPurchasedAsync(string accountId, CancellationToken cancellationToken = default) =>
        _access.RunAsync((db, token) => OfferClaimTable.HasPaidPurchaseAsync(db, accountId, token), cancellationToken);

    /// <summary>
    /// Takes one of the account's <paramref name="limit"/> places on the pack for the checkout named
    /// by <paramref name="claimKey"/>; true when it holds one (a retry with the same key holds the
    /// place it took), false when every place is held by a paid or open checkout.
    /// </summary>
    public async Task<bool> ClaimAsync(string accountId, string packId, string claimKey, int limit, DateTimeOffset now,
        CancellationToken cancellationToken = default)
    {
        var nowMs = Clock.ToMs(now);
        // Each failed insert means another checkout took a slot meanwhile: after at most `limit`
        // such losses every slot is taken, and the next read says so.
        for (var attempt = 0; attempt <= limit; attempt++)
        {
            await _access.RunAsync((db, token) => OfferClaimTable.DeleteLapsedAsync(db, accountId, packId, nowMs, token), cancellationToken);
            var live = await _access.RunAsync((db, token) => OfferClaimTable.LiveAsync(db, accountId, packId, nowMs, token), cancellationToken);
            if (live.Any(claim => claim.ClaimKey == claimKey))
            {
                return true;
            }
            var taken = live.Select(claim => claim.Slot).ToHashSet();
            var free = Enumerable.Range(0, limit).Where(slot => !taken.Contains(slot)).Cast<int?>().FirstOrDefault();
            if (free is not { } slot)
            {
                return false;
            }
            var row = new OfferClaimRow
            {
                AccountId = accountId,
                PackId = packId,
                Slot = slot,
                ClaimKey = claimKey,
                ClaimedAtMs = nowMs,
                ExpiresAtMs = Clock.ToMs(now + UnpaidLifetime),
            };
            if (await _access.RunAsync((db, token) => OfferClaimTable.TryInsertAsync(db, row, token), cancellationToken) == 1)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Names the session the claim's checkout created, so that its payment marks the claim paid.</summary>
    public Task AttachSessionAsync(string accountId, string packId, string claimKey, string sessionId, CancellationToken cancellationToken = default) =>
        _access.RunAsync((db, token) => OfferClaimTable.AttachSessionAsync(db, accountId, packId, claimKey, sessionId, token), cancellationToken);

    /// <summary>Gives back a claim whose checkout was never created (Stripe refused or could not be reached).</summary>
    public Task ReleaseAsync(string accountId, string packId, string claimKey, CancellationToken cancellationToken = default) =>
        _access.RunAsync((db, token) => OfferClaimTable.ReleaseAsync(db, accountId, packId, claimKey, token), cancellationToken);
}
