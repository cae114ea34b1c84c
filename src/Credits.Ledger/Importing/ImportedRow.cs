using Credits.Ledger.Data.Batches;

namespace Credits.Ledger.Importing;

/// <summary>An account and a row id of the older system: the key of an <see cref="ImportedRow"/>.</summary>
internal readonly record struct ImportedRowKey(string AccountId, string SourceId);

/// <summary>
/// A row of an older credits table the account got (table <c>imported_rows</c>), kept for good:
/// the primary key is what makes a second import of the row impossible, however long after the
/// first and from whichever file. The fingerprint tells a repeated row from one whose content
/// changed in the meantime. Written once, never changed.
/// </summary>
internal sealed class ImportedRow : IBatchEntity<ImportedRowKey>
{
    private ImportedRow(ImportedRowKey key, string fingerprint, string lotId, long importedAtMs, bool isNew) =>
        (Key, Fingerprint, LotId, ImportedAtMs, IsNew) = (key, fingerprint, lotId, importedAtMs, isNew);

    public ImportedRowKey Key { get; }

    /// <summary>A digest of the row's content as imported (<see cref="ImportLotsRule.FingerprintOf"/>).</summary>
    public string Fingerprint { get; }

    /// <summary>The lot a balance row made; empty for a history row.</summary>
    public string LotId { get; }

    public long ImportedAtMs { get; }

    public bool IsNew { get; }

    public bool IsDirty => IsNew;

    /// <summary>The row just imported.</summary>
    public static ImportedRow Record(ImportedRowKey key, string fingerprint, string lotId, long nowMs) => new(key, fingerprint, lotId, nowMs, isNew: true);

    /// <summary>A row read from the database.</summary>
    public static ImportedRow Loaded(ImportedRowKey key, string fingerprint, string lotId, long importedAtMs) =>
        new(key, fingerprint, lotId, importedAtMs, isNew: false);
}
