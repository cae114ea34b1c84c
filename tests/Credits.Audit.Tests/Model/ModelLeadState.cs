namespace Credits.Audit.Tests.Model;

/// <summary>A lead account's allowance: not yet granted, granted, or moved to the user who claimed it.</summary>
public enum ModelLeadState
{
    None,
    Granted,
    Claimed,
}
