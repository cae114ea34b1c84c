namespace Credits.Server.Data;

/// <summary>What the server does at start-up when the database could lose acknowledged commits.</summary>
public enum DurabilityPolicy
{
    /// <summary>Refuse to start.</summary>
    Refuse,
    /// <summary>Log an error and start anyway.</summary>
    Warn,
}
