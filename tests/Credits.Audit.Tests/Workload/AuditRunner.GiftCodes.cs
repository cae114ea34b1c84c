using Credits.Audit.Tests.Checking;
using Credits.Audit.Tests.Model;
using Credits.Ledger.Commands;
using Credits.V1;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// Gift codes through the domain API: creation (the codes' ids and text learned from the reply),
/// redemption, revocation, concurrent redemptions of one code, the order of expired codes' returns,
/// and conservation across accounts with the escrow included.
/// </summary>
public sealed partial class AuditRunner
{
    private async Task<string> ExecuteGiftCodeAsync(LedgerCommand command)
    {
        var ledger = _server.Ledger;
        switch (command)
        {
            case CreateGiftCodesCommand create:
            {
                var (expected, codes) = _model.CreateGiftCodes(create);
                var observed = await Observed.LedgerAsync(() => ledger.CreateGiftCodesAsync(create));
                if (observed.Reply is CreateGiftCodesResult result && codes.Count > 0)
                {
                    if (result.Codes.Count != codes.Count)
                    {
                        Fail("CreateGiftCodes made a different number of codes", $"{codes.Count} codes", $"{result.Codes.Count} codes");
                    }
                    for (var i = 0; i < codes.Count; i++)
                    {
                        codes[i].Bind(result.Codes[i].CodeId, result.Codes[i].Code);
                    }
                }
                return Compare(expected, observed);
            }
            case RedeemGiftCodeCommand redeem:
                return Compare(_model.RedeemGiftCode(redeem), await Observed.LedgerAsync(() => ledger.RedeemGiftCodeAsync(redeem)));
            case ImportLotsCommand import:
            {
                var (expected, lots) = _model.ImportLots(import);
                var observed = await Observed.LedgerAsync(() => ledger.ImportLotsAsync(import));
                if (observed.Reply is ImportLotsResult result)
                {
                    for (var i = 0; i < lots.Count; i++)
                    {
                        if (lots[i] is { } lot)
                        {
                            Bound(_model.BindLot(lot, result.LotIds[i]));
                        }
                    }
                }
                return Compare(expected, observed);
            }
            case BulkGiftCommand bulk:
                return Compare(_model.BulkGift(bulk), await Observed.LedgerAsync(() => ledger.BulkGiftAsync(bulk)));
            case RevokeGiftCodeCommand revoke:
                return Compare(_model.RevokeGiftCode(revoke), await Observed.LedgerAsync(() => ledger.RevokeGiftCodeAsync(revoke)));
            default:
                throw new InvalidOperationException($"No way to run {CommandText.Describe(command)}.");
        }
    }

    /// <summary>
    /// Redemptions of one code into several accounts at once: at most one wins, which one is up to
    /// the race, so the model applies the winner's first and then the others, each compared.
    /// </summary>
    private async Task<string> RaceAsync(IReadOnlyList<LedgerCommand> commands)
    {
        var redeems = commands.Cast<RedeemGiftCodeCommand>().ToList();
        var observed = await Task.WhenAll(redeems.Select(redeem => Observed.LedgerAsync(() => _server.Ledger.RedeemGiftCodeAsync(redeem))));
        var winners = observed.Count(outcome => outcome.Reply is RedeemGiftCodeResult);
        if (winners > 1)
        {
            Fail("concurrent redemptions of one code", "at most one redemption", $"{winners} redemptions");
        }
        var winner = Array.FindIndex(observed, outcome => outcome.Reply is RedeemGiftCodeResult);
        _model.Coverage.Count(winner >= 0 ? "concurrent redemptions of one code: one won" : "concurrent redemptions of one code: none could");
        var order = Enumerable.Range(0, redeems.Count).OrderBy(i => i == winner ? 0 : 1).ToList();
        return string.Join(", ", order.Select(i => Compare(_model.RedeemGiftCode(redeems[i]), observed[i])));
    }

    /// <summary>The order in which the sweep just returned expired codes, from their issuers' journals (see <see cref="ModelLedger.Sweep"/>).</summary>
    private async Task<Func<ModelGiftCode, int>> ExpiredGiftCodeOrderAsync()
    {
        var order = new Dictionary<string, int>(StringComparer.Ordinal);
        var issuers = _model.GiftCodes.Where(code => code.State == ModelGiftCodeState.Active && code.IsExpiredAt(_model.NowMs))
            .Select(code => code.IssuerAccountId).Distinct(StringComparer.Ordinal).ToList();
        foreach (var issuer in issuers)
        {
            await foreach (var entry in _server.Client.StreamHistoryAsync(issuer, _model.Account(issuer).Journal.Count))
            {
                if (entry.Kind == EntryKind.GiftCodeExpire)
                {
                    order[entry.Reference] = order.Count;
                }
            }
        }
        return code => code.Id is { } id && order.TryGetValue(id, out var rank) ? rank : int.MaxValue;
    }

    /// <summary>
    /// Conservation across accounts with the escrow included, read from the server's journals: every
    /// credit that went into a code came out once (redeemed, revoked or expired) or is still in escrow.
    /// </summary>
    private async Task CheckGiftCodesConserveAsync()
    {
        long escrowed = 0, released = 0;
        foreach (var account in _model.Accounts.Where(account => account.Exists))
        {
            await foreach (var entry in _server.Client.StreamHistoryAsync(account.Id, 0))
            {
                escrowed -= entry.Kind == EntryKind.GiftCodesCreate ? entry.Amount : 0;
                released += entry.Kind is EntryKind.GiftCodeRedeem or EntryKind.GiftCodeRevoke or EntryKind.GiftCodeExpire ? entry.Amount : 0;
            }
        }
        if (escrowed != released + _model.Escrowed)
        {
            Fail("gift codes created or destroyed credits", $"{escrowed} escrowed = {released} released + {_model.Escrowed} in escrow",
                $"{released} released");
        }
    }
}
