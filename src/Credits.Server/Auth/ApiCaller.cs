namespace Credits.Server.Auth;

/// <summary>An authenticated caller: the API key's name (written into the journal as the actor) and its scopes.</summary>
/// <param name="Name">The key's configured name, such as <c>checkout-service</c>.</param>
/// <param name="Scopes">The scopes the key grants.</param>
public sealed record ApiCaller(string Name, IReadOnlySet<string> Scopes);
