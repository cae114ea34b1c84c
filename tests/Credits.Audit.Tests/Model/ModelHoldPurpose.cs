namespace Credits.Audit.Tests.Model;

/// <summary>Why credits are pinned: a caller's reservation, or a dispute's freeze (which callers cannot see).</summary>
public enum ModelHoldPurpose
{
    Reservation,
    Freeze,
}
