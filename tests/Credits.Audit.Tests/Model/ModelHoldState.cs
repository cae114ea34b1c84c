namespace Credits.Audit.Tests.Model;

/// <summary>Where a hold is in its life; the lower-case name is what HOLD_NOT_ACTIVE reports.</summary>
public enum ModelHoldState
{
    Active,
    Committed,
    Released,
    Expired,
}
