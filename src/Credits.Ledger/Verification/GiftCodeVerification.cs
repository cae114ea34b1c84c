using Credits.Ledger.Data;
using Credits.Ledger.GiftCodes;
using Credits.Ledger.Journal;
using LinqToDB;
using LinqToDB.Async;

namespace Credits.Ledger.Verification;

/// <summary>
/// Gift codes against the journal, so escrow is conserved across accounts: for each issuer, its
/// GIFT_CODES_CREATE entries took exactly the amounts of its codes, and its GIFT_CODE_REVOKE and
/// GIFT_CODE_EXPIRE entries gave back exactly the amounts of its revoked and expired codes; for each
/// redeemer, its GIFT_CODE_REDEEM entries hold exactly the amounts of the codes it redeemed. A code
/// that paid out twice, or ended without paying out, breaks one of these sums.
/// </summary>
internal static class GiftCodeVerification
{
    public static async Task<List<LedgerViolation>> CheckAsync(LedgerDb db, IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        int[] kinds = [(int)EntryKind.GiftCodesCreate, (int)EntryKind.GiftCodeRedeem, (int)EntryKind.GiftCodeRevoke, (int)EntryKind.GiftCodeExpire];
        var journal = (await db.Journal.Where(entry => ids.Contains(entry.AccountId) && kinds.Contains(entry.Kind))
                .GroupBy(entry => new { entry.AccountId, entry.Kind })
                .Select(group => new { group.Key.AccountId, group.Key.Kind, Total = group.Sum(entry => entry.Amount) })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => (row.AccountId, (EntryKind)row.Kind), row => row.Total);
        var issued = (await db.GiftCodes.Where(code => ids.Contains(code.IssuerAccountId))
                .GroupBy(code => new { code.IssuerAccountId, code.State })
                .Select(group => new { group.Key.IssuerAccountId, group.Key.State, Total = group.Sum(code => code.Amount) })
                .ToListAsync(cancellationToken))
            .ToLookup(row => row.IssuerAccountId, StringComparer.Ordinal);
        var redeemed = (await db.GiftCodes.Where(code => ids.Contains(code.EndedBy) && code.State == (int)GiftCodeState.Redeemed)
                .GroupBy(code => code.EndedBy)
                .Select(group => new { AccountId = group.Key, Total = group.Sum(code => code.Amount) })
                .ToListAsync(cancellationToken))
            .ToDictionary(row => row.AccountId, row => row.Total, StringComparer.Ordinal);

        var violations = new List<LedgerViolation>();
        foreach (var id in ids)
        {
            var codes = issued[id].ToList();
            var escrowed = -journal.GetValueOrDefault((id, EntryKind.GiftCodesCreate));
            var created = codes.Sum(row => row.Total);
            if (escrowed != created)
            {
                violations.Add(new LedgerViolation(id, $"GIFT_CODES_CREATE entries took {escrowed} credits into escrow, but its gift codes hold {created}"));
            }
            var returned = journal.GetValueOrDefault((id, EntryKind.GiftCodeRevoke)) + journal.GetValueOrDefault((id, EntryKind.GiftCodeExpire));
            var ended = codes.Where(row => row.State is (int)GiftCodeState.Revoked or (int)GiftCodeState.Expired).Sum(row => row.Total);
            if (returned != ended)
            {
                violations.Add(new LedgerViolation(id, $"GIFT_CODE_REVOKE and GIFT_CODE_EXPIRE entries returned {returned} credits, but its revoked and expired codes hold {ended}"));
            }
            var received = journal.GetValueOrDefault((id, EntryKind.GiftCodeRedeem));
            if (received != redeemed.GetValueOrDefault(id))
            {
                violations.Add(new LedgerViolation(id, $"GIFT_CODE_REDEEM entries received {received} credits, but the codes it redeemed hold {redeemed.GetValueOrDefault(id)}"));
            }
        }
        return violations;
    }
}
