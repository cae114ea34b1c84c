namespace Credits.Ledger.Holds;

/// <summary>The lower-case names of hold states used in error metadata.</summary>
internal static class HoldStates
{
    public static string Name(HoldState state) => state switch
    {
        HoldState.Active => "active",
        HoldState.Committed => "committed",
        HoldState.Released => "released",
        HoldState.Expired => "expired",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, null),
    };
}
