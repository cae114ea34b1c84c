namespace Credits.Ledger.Pools;

/// <summary>A page of a pool's members in member id order, and the token of the next page ("" at the end).</summary>
public sealed record PoolMemberPage(IReadOnlyList<PoolMemberView> Members, string NextPageToken);
