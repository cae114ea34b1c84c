namespace Credits.Ledger.Keys;

/// <summary>One page of stored API keys, oldest first.</summary>
/// <param name="Keys">The keys of this page.</param>
/// <param name="NextPageToken">The token of the next page; empty on the last page.</param>
public sealed record ApiKeyPage(IReadOnlyList<StoredApiKey> Keys, string NextPageToken);
