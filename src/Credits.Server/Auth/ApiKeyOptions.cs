namespace Credits.Server.Auth;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Auth";

    /// <summary>The keys accepted. Outside Development at least one is required.</summary>
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];

    /// <summary>
    /// How often the keys minted at run time (stored in the database) are read again. A key revoked
    /// through another instance stops working here within this interval; one revoked or minted
    /// through this instance takes effect at once. The default is 5 seconds.
    /// </summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);
}
