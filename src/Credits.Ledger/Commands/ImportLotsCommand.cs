using Credits.Ledger.Lots;

namespace Credits.Ledger.Commands;

/// <summary>What a row of an older credits table becomes.</summary>
public enum ImportRowKind
{
    /// <summary>Credits still held in the older system: a lot with what is left (a GRANT entry).</summary>
    Balance = 1,
    /// <summary>A past event of the older system, kept for support: a NOTE entry; the balance does not change.</summary>
    History = 2,
}

/// <summary>One row exported from an older credits table.</summary>
/// <param name="SourceId">The row's id in the older system: each row is imported once per account, ever.</param>
/// <param name="AccountId">The ledger account the row belongs to.</param>
/// <param name="Kind">A balance (a lot) or a history event (a note).</param>
/// <param name="Credits">Balance: the credits left, 1 to 10^12. History: the event's signed credits, not 0.</param>
/// <param name="Bucket">Balance: the lot's bucket.</param>
/// <param name="ExpiresAt">Balance: when the credits expire (in the future); null: never.</param>
/// <param name="OccurredAt">When the older system granted the credits or the event happened; null: unknown.</param>
/// <param name="Note">Free text from the older system (256 characters at most), kept on the entry.</param>
public sealed record ImportRow(
    string SourceId,
    string AccountId,
    ImportRowKind Kind,
    long Credits,
    Bucket Bucket,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? OccurredAt,
    string Note);

/// <summary>
/// Imports rows of an older credits table in one transaction, all or nothing. A row whose source id
/// the account already has is not applied again (reported as already imported, or as changed when its
/// content differs from what was imported), so a file can be imported again, in part or whole, after
/// a crash or by mistake, and is applied once.
/// </summary>
/// <param name="Actor">The caller, written into every journal entry.</param>
/// <param name="Rows">1 to <see cref="Importing.ImportLotsRule.RowsMax"/> rows, each (account, source id) named once.</param>
public sealed record ImportLotsCommand(string Actor, IReadOnlyList<ImportRow> Rows) : LedgerCommand<ImportLotsResult>(Actor);

/// <summary>What became of one row.</summary>
public enum ImportRowOutcome
{
    /// <summary>Applied now.</summary>
    Imported = 1,
    /// <summary>Applied by an earlier import, with the same content: nothing changed.</summary>
    AlreadyImported = 2,
    /// <summary>Applied by an earlier import with different content: nothing changed (the ledger keeps the first).</summary>
    Changed = 3,
}

/// <summary>The outcome of each row, in the command's order, and the lot it made.</summary>
/// <param name="Outcomes">One per row.</param>
/// <param name="LotIds">Per row: the lot a balance row made (now or earlier); empty for history rows.</param>
public sealed record ImportLotsResult(IReadOnlyList<ImportRowOutcome> Outcomes, IReadOnlyList<string> LotIds)
{
    /// <summary>Rows applied now.</summary>
    public int Imported => Outcomes.Count(outcome => outcome == ImportRowOutcome.Imported);
}
