using System.Security.Cryptography;
using System.Text;

namespace Credits.Testing.Hosting;

/// <summary>One entry of <c>Auth:ApiKeys</c>: outside Development the server refuses to start without one.</summary>
/// <param name="Name">The name the journal records as the actor.</param>
/// <param name="Sha256">The key's SHA-256 in lower-case hex, as the configuration stores it.</param>
/// <param name="Scopes">What the key may do (<c>ledger:read</c>, <c>ledger:write</c>, <c>admin</c>).</param>
public sealed record TestApiKey(string Name, string Sha256, params IReadOnlyList<string> Scopes)
{
    /// <summary>
    /// The entry for <paramref name="key"/>, hashed here: for suites whose keys are not pinned to a
    /// hash computed outside the server.
    /// </summary>
    public static TestApiKey For(string name, string key, params IReadOnlyList<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(key);
        return new TestApiKey(name, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))), scopes);
    }
}
