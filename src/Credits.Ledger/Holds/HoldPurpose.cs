namespace Credits.Ledger.Holds;

/// <summary>Why credits are pinned. Values are stored; never renumber them.</summary>
public enum HoldPurpose
{
    /// <summary>A caller's reservation before a paid operation (Reserve/Commit/Release).</summary>
    Reservation = 0,
    /// <summary>Credits of a disputed purchase, frozen until the dispute closes; callers cannot commit or release it.</summary>
    Freeze = 1,
}
