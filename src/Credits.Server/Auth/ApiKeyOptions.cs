namespace Credits.Server.Auth;

/// <summary>The <c>Auth</c> configuration section.</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The configuration section bound to this class.</summary>
    public const string Section = "Auth";

    /// <summary>The keys accepted. Outside Development at least one is required.</summary>
    public List<ApiKeyEntry> ApiKeys { get; set; } = [];
}
