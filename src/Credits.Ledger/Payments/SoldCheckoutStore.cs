using Credits.Ledger.Data;
using Credits.Ledger.Data.Payments;
using Credits.Ledger.Data.Rows;
using Credits.Ledger.Engine;
using Microsoft.Extensions.Logging;

namespace Credits.Ledger.Payments;

/// <summary>
/// The checkout sessions this ledger sold (table <c>checkout_sessions</c>): a completed session is
/// granted only as it was sold (see <see cref="CheckoutMatch"/>).
/// </summary>
public sealed class SoldCheckoutStore(LedgerDatabase database, LedgerOptions options, ILogger<SoldCheckoutStore> logger)
{
    private readonly RetryingAccess _access = new(database, options, logger, "a checkout session record");

    /// <summary>Records a session; the first record of a session id stands (a retried creation changes nothing).</summary>
    public Task RecordAsync(SoldCheckout sold, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sold);
        var row = new CheckoutSessionRow
        {
            SessionId = sold.SessionId,
            AccountId = sold.AccountId,
            PackId = sold.Pack.PackId,
            PackName = sold.Pack.Name,
            Credits = sold.Pack.Credits,
            BonusCredits = sold.Pack.BonusCredits,
            ValidityMonths = sold.Pack.ValidityMonths,
            Lots = BundleLot.Write(sold.Pack.Lots.Select(lot => new BundleLot(lot))),
            AmountTotal = sold.AmountTotal,
            Currency = sold.Currency,
            CreatedAtMs = Clock.ToMs(sold.CreatedAt),
            Locale = string.IsNullOrEmpty(sold.Locale) ? null : sold.Locale,
        };
        return _access.RunAsync((db, token) => CheckoutSessionTable.InsertAsync(db, row, token), cancellationToken);
    }

    /// <summary>The session as sold, or null when this ledger never sold it.</summary>
    public async Task<SoldCheckout?> FindAsync(string sessionId, CancellationToken cancellationToken = default)
    {
        var row = await _access.RunAsync((db, token) => CheckoutSessionTable.FindAsync(db, sessionId, token), cancellationToken);
        return row is null ? null : new SoldCheckout(row.SessionId, row.AccountId,
            new CreditPack(row.PackId, row.PackName, row.Credits, row.BonusCredits, row.ValidityMonths)
            {
                Lots = [.. BundleLot.Read(row.Lots).Select(lot => lot.Lot)],
            },
            row.AmountTotal, row.Currency, Clock.FromMs(row.CreatedAtMs)) { Locale = row.Locale };
    }

    /// <summary>The session was paid: the offer claim it holds (if its pack is a limited offer) keeps its place for good.</summary>
    public Task MarkPaidAsync(string sessionId, CancellationToken cancellationToken = default) =>
        _access.RunAsync((db, token) => OfferClaimTable.MarkPaidAsync(db, sessionId, token), cancellationToken);
}
