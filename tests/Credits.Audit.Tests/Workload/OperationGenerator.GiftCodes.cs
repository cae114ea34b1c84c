using Credits.Audit.Tests.Model;
using Credits.Ledger.Commands;
using System.Globalization;
using Credits.Ledger.GiftCodes;

namespace Credits.Audit.Tests.Workload;

/// <summary>
/// The gift code part of the workload: users create codes of part of what they have (now and then
/// more than lives long enough, an impossible count or expiry), redeem live, ended, unknown and
/// malformed codes (now and then a burst of failures that meets the per-minute limit), revoke them,
/// and race several redemptions of one code. Expired codes go home when the workload sweeps.
/// </summary>
public sealed partial class OperationGenerator
{
    /// <summary>Failed redemptions in a burst: one more than the per-minute limit, so the last is refused for that.</summary>
    private const int FailureBurst = 6;

    private Operation CreateGiftCodes()
    {
        var issuer = Chance(0.03) ? _leads[random.Next(_leads.Count)] : Users[random.Next(Users.Count)];
        var available = model.BalanceOf(model.Account(issuer)).Available;
        var count = random.NextDouble() switch
        {
            < 0.1 => 0,
            < 0.7 => 1,
            < 0.9 => 2,
            _ => 3,
        };
        var amount = available > 3 && Chance(0.8) ? Between(1, Math.Max(1, available / 3)) : Between(1, 80);
        var now = model.NowMs;
        var expiresAt = random.NextDouble() switch
        {
            < 0.02 => now - Between(0, Minute),
            < 0.03 => now + 731 * Day,
            < 0.5 => now + Between(1, 48 * 60) * Minute,
            _ => now + Between(2, 20) * Day + random.Next(0, 1000),
        };
        return Send(OperationKind.CreateGiftCodes,
            new CreateGiftCodesCommand(Actor, issuer, amount, count, DateTimeOffset.FromUnixTimeMilliseconds(expiresAt), NewKey()));
    }

    private Operation RedeemGiftCode()
    {
        var redeemer = Users[random.Next(Users.Count)];
        if (Chance(0.1))
        {
            // A burst of failures by one account within the minute: the last meets the limit.
            for (var i = 1; i < FailureBurst; i++)
            {
                _planned.Enqueue(() => Send(OperationKind.RedeemGiftCode, new RedeemGiftCodeCommand(Actor, UnknownGiftCode(), redeemer, NewKey())));
            }
            return Send(OperationKind.RedeemGiftCode, new RedeemGiftCodeCommand(Actor, UnknownGiftCode(), redeemer, NewKey()));
        }
        var known = model.GiftCodes.Where(code => code.Code is not null).ToList();
        var live = known.Where(code => code.State == ModelGiftCodeState.Active && !code.IsExpiredAt(model.NowMs)).ToList();
        if (live.Count > 0 && Chance(0.15))
        {
            // Into the issuer's own account: refused, but not as a failed attempt.
            var own = live[random.Next(live.Count)];
            return Send(OperationKind.RedeemGiftCode, new RedeemGiftCodeCommand(Actor, own.Code!, own.IssuerAccountId, NewKey()));
        }
        var (text, issuer) = random.NextDouble() switch
        {
            < 0.6 when live.Count > 0 => Typed(live[random.Next(live.Count)]),
            < 0.85 when known.Count > 0 => Typed(known[random.Next(known.Count)]),
            < 0.92 => (UnknownGiftCode(), null),
            _ => ("GIFT-CODE", null),
        };
        if (redeemer == issuer)
        {
            redeemer = Users.First(user => user != issuer);
        }
        return Send(OperationKind.RedeemGiftCode, new RedeemGiftCodeCommand(Actor, text, redeemer, NewKey()));
    }

    private Operation RevokeGiftCode()
    {
        var known = model.GiftCodes.Where(code => code.Id is not null).ToList();
        if (known.Count == 0)
        {
            return CreateGiftCodes();
        }
        // Often an active code (expired ones the sweeper has not returned yet included), else any known
        // one: ended codes are rarer than active ones, and each refusal must be seen a few times.
        var active = known.Where(code => code.State == ModelGiftCodeState.Active).ToList();
        var code = active.Count > 0 && Chance(0.45) ? active[random.Next(active.Count)] : known[random.Next(known.Count)];
        var issuer = Chance(0.12) ? Users.First(user => user != code.IssuerAccountId) : code.IssuerAccountId;
        var codeId = Chance(0.15) ? "code-1" : code.Id!;
        return Send(OperationKind.RevokeGiftCode, new RevokeGiftCodeCommand(Actor, issuer, codeId, NewKey()));
    }

    private Operation RedeemRace()
    {
        var live = model.GiftCodes.Where(code => code.Code is not null && code.State == ModelGiftCodeState.Active && !code.IsExpiredAt(model.NowMs))
            .ToList();
        if (live.Count == 0)
        {
            return CreateGiftCodes();
        }
        var code = live[random.Next(live.Count)];
        var redeemers = Users.Where(user => user != code.IssuerAccountId).OrderBy(_ => random.Next()).Take(3).ToList();
        return new Operation(OperationKind.RedeemRace,
            Commands: redeemers.Select(redeemer => (LedgerCommand)new RedeemGiftCodeCommand(Actor, code.Code!, redeemer, NewKey())).ToList());
    }

    /// <summary>One sender to 1 to 3 other users, mostly within the daily limit; now and then a bad recipient list (refused whole).</summary>
    private Operation BulkGift()
    {
        var sender = Users[random.Next(Users.Count)];
        var recipients = Users.Where(user => user != sender).OrderBy(_ => random.Next()).Take(random.Next(1, 4))
            .Select(user => new BulkGiftRecipient(user, Chance(0.1) ? Between(10, 400) : Between(1, 8))).ToList();
        switch (random.NextDouble())
        {
            case < 0.04:
                recipients.Add(new BulkGiftRecipient(recipients[0].AccountId, 1));
                break;
            case < 0.07:
                recipients.Add(new BulkGiftRecipient(_leads[random.Next(_leads.Count)], 1));
                break;
            case < 0.1:
                recipients[^1] = recipients[^1] with { Amount = 0 };
                break;
        }
        return Send(OperationKind.BulkGift, new BulkGiftCommand(Actor, sender, recipients, NewKey(), Chance(0.3) ? "audit bulk gift" : ""));
    }

    /// <summary>The code as a person may type it: as shown, or in lower case with spaces for dashes.</summary>
    private (string Text, string? Issuer) Typed(ModelGiftCode code) =>
        (Chance(0.3) ? code.Code!.ToLowerInvariant().Replace('-', ' ') : code.Code!, code.IssuerAccountId);

    /// <summary>A well-formed code (its check character right) that no one created.</summary>
    private static string UnknownGiftCode() => GiftCodeText.Format(GiftCodeText.NewCanonical());

    private readonly List<ImportRow> _importedRows = [];

    /// <summary>
    /// One to four rows of an older table for a few users: mostly new ones (balances with and without
    /// expiry, some history), now and then a row sent before (as it was, or changed), an expired one,
    /// or a bad one (refused whole).
    /// </summary>
    private Operation ImportLots()
    {
        var rows = new List<ImportRow>();
        for (var count = random.Next(1, 5); rows.Count < count;)
        {
            if (_importedRows.Count > 0 && Chance(0.2))
            {
                var earlier = _importedRows[random.Next(_importedRows.Count)];
                if (rows.All(row => (row.AccountId, row.SourceId) != (earlier.AccountId, earlier.SourceId)))
                {
                    rows.Add(Chance(0.5) ? earlier : earlier with { Note = earlier.Note + " (changed)" });
                }
                continue;
            }
            var source = $"legacy-{(_importedRows.Count + rows.Count).ToString(CultureInfo.InvariantCulture)}-{random.Next(1000).ToString(CultureInfo.InvariantCulture)}";
            var occurredAt = DateTimeOffset.FromUnixTimeMilliseconds(model.NowMs - Between(Hour, 400 * Day));
            rows.Add(Chance(0.2)
                ? new ImportRow(source, Users[random.Next(Users.Count)], ImportRowKind.History, Chance(0.7) ? -Between(1, 50) : Between(1, 500),
                    default, null, occurredAt, "old event")
                : new ImportRow(source, Users[random.Next(Users.Count)], ImportRowKind.Balance, Between(1, 60),
                    Chance(0.5) ? Credits.Ledger.Lots.Bucket.Purchased : Credits.Ledger.Lots.Bucket.Free,
                    Chance(0.5) ? DateTimeOffset.FromUnixTimeMilliseconds(model.NowMs + Between(Hour, 20 * Day)) : null, Chance(0.5) ? occurredAt : null, Chance(0.5) ? "pack" : ""));
        }
        switch (random.NextDouble())
        {
            case < 0.04:
                rows[^1] = rows[^1] with { Kind = ImportRowKind.Balance, Credits = 0, Bucket = Credits.Ledger.Lots.Bucket.Free };
                break;
            case < 0.06:
                rows[^1] = rows[^1] with { Kind = ImportRowKind.Balance, Credits = 5, Bucket = Credits.Ledger.Lots.Bucket.Lead };
                break;
            case < 0.08 when rows[^1].Kind == ImportRowKind.Balance:
                rows[^1] = rows[^1] with { SourceId = rows[^1].SourceId + "-expired", ExpiresAt = DateTimeOffset.FromUnixTimeMilliseconds(model.NowMs - Between(0, Hour)) };
                break;
            default:
                _importedRows.AddRange(rows);
                break;
        }
        return new Operation(OperationKind.ImportLots, Commands: [new ImportLotsCommand(Actor, rows)]);
    }
}
