namespace Credits.Ledger.Export;

/// <summary>Which journal entries to export.</summary>
/// <param name="AccountId">Only this account's entries; null or empty for every account.</param>
/// <param name="StartTime">Only entries written at or after this moment; null for no lower bound.</param>
/// <param name="EndTime">Only entries written before this moment; null for "before the export started".</param>
public sealed record JournalExportQuery(string? AccountId, DateTimeOffset? StartTime, DateTimeOffset? EndTime);
