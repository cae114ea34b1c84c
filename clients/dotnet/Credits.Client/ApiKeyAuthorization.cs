using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Credits.Client;

/// <summary>Adds <c>authorization: Bearer &lt;api key&gt;</c> to every call; works over plaintext HTTP/2 as well as TLS.</summary>
internal static class ApiKeyAuthorization
{
    internal const string HeaderName = "authorization";

    /// <summary>Rejects keys that cannot be sent as a bearer token.</summary>
    internal static void Validate(string apiKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiKey);
        foreach (var c in apiKey)
        {
            if (c is < '!' or > '~')
            {
                throw new ArgumentException("An API key is printable ASCII without spaces.", nameof(apiKey));
            }
        }
    }

    /// <summary>
    /// Wraps <paramref name="invoker"/> so each call carries the key. A call that already sets its own
    /// <c>authorization</c> header keeps it. The caller's <see cref="Metadata"/> is copied, never changed.
    /// </summary>
    internal static CallInvoker Attach(CallInvoker invoker, string apiKey)
    {
        var value = "Bearer " + apiKey;
        return invoker.Intercept(headers =>
        {
            if (headers.Get(HeaderName) is not null)
            {
                return headers;
            }

            var copy = new Metadata();
            foreach (var entry in headers)
            {
                copy.Add(entry);
            }

            copy.Add(HeaderName, value);
            return copy;
        });
    }
}
