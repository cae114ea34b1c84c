using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Credits.Ledger.Accounts;
using Credits.Ledger.Errors;
using Credits.Ledger.Validation;
using Google.Protobuf.WellKnownTypes;
using Credits.V1;

namespace Credits.Server.Stripe;

/// <summary>
/// ListPacks: one page of the packs on sale now (to the request's account, when it names one: see
/// <see cref="OfferGate"/>). The page token is the sort key (credits, pack id) of the
/// last pack sent, so a page follows on correctly even if packs were added or removed meanwhile.
/// </summary>
public sealed class PackListing(PackCatalog catalog, OfferGate offers)
{
    /// <summary>Packs per page when the request asks for 0.</summary>
    public const int PageSizeDefault = 50;

    /// <summary>The most packs on one page; larger requests get this many.</summary>
    public const int PageSizeMax = 100;

    private const string TokenVersion = "p1";

    /// <summary>The page the request asks for; a negative page size, a foreign token or a malformed account is INVALID_ARGUMENT.</summary>
    public async Task<ListPacksResponse> ListAsync(ListPacksRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.PageSize < 0)
        {
            throw LedgerErrors.Invalid("page_size", "page_size must be 0 (the default) or more.").ToException();
        }
        var pageSize = request.PageSize == 0 ? PageSizeDefault : Math.Min(request.PageSize, PageSizeMax);
        if (request.AccountId.Length > 0)
        {
            AccountIds.Parse(request.AccountId, "account_id");
        }
        var after = request.PageToken.Length == 0 ? ((long Credits, string PackId)?)null : ParseToken(request.PageToken);
        var catalogue = catalog.List();
        var onSale = await offers.OnSaleAsync(request.AccountId, catalogue.Select(pack => pack.Value.Offer()).ToList(), cancellationToken);
        var remaining = catalogue
            .Where(pack => onSale(pack.Key, pack.Value.Offer()))
            .Where(pack => after is not { } key || pack.Value.Credits > key.Credits
                           || (pack.Value.Credits == key.Credits && string.CompareOrdinal(pack.Key, key.PackId) > 0))
            .ToList();
        var page = remaining.Take(pageSize).ToList();
        var response = new ListPacksResponse
        {
            NextPageToken = remaining.Count > pageSize ? Token(page[^1].Value.Credits, page[^1].Key) : "",
        };
        foreach (var (packId, pack) in page)
        {
            var listed = new Pack
            {
                PackId = packId,
                Name = PackCatalog.DisplayName(packId, pack),
                Credits = pack.Credits,
                BonusCredits = pack.BonusCredits,
                PriceId = pack.PriceId,
                UnitAmount = pack.UnitAmount ?? 0,
                Currency = pack.Currency,
                ValidityMonths = pack.ValidityMonths ?? 0,
                AvailableFrom = pack.AvailableFrom is { } from ? Timestamp.FromDateTimeOffset(from) : null,
                AvailableUntil = pack.AvailableUntil is { } until ? Timestamp.FromDateTimeOffset(until) : null,
                MaxPerAccount = pack.MaxPerAccount ?? 0,
                FirstPurchaseOnly = pack.FirstPurchaseOnly,
                Label = pack.Label,
            };
            listed.Lots.AddRange(Lots(pack));
            response.Packs.Add(listed);
        }
        return response;
    }

    // Every lot the pack grants, in the order the purchase grants them.
    private static IEnumerable<PackLot> Lots(StripePackOptions pack)
    {
        yield return new PackLot { Bucket = Bucket.Purchased, Credits = pack.Credits, ValidityMonths = pack.ValidityMonths ?? 0 };
        if (pack.BonusCredits > 0)
        {
            yield return new PackLot { Bucket = Bucket.Promo, Credits = pack.BonusCredits, ValidityMonths = pack.ValidityMonths ?? 0 };
        }
        foreach (var lot in PackLots.ToPackLots(pack.Lots))
        {
            var listed = new PackLot { Bucket = (Bucket)(int)lot.Bucket, Credits = lot.Credits, ValidityDays = lot.ValidityDays ?? 0 };
            listed.Features.AddRange(lot.Features);
            yield return listed;
        }
    }

    private static string Token(long credits, string packId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{TokenVersion}|{credits}|{packId}")));

    private static (long Credits, string PackId) ParseToken(string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('|', 3);
            if (parts.Length == 3 && parts[0] == TokenVersion
                && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var credits))
            {
                return (credits, parts[2]);
            }
        }
        catch (FormatException)
        {
            // Not base64url: reported below like any other token this server did not issue.
        }
        throw LedgerErrors.Invalid("page_token", "page_token is not a token from a previous ListPacks response.").ToException();
    }
}
