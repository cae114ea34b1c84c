using Grpc.Core;

namespace Credits.Server.Auth;

/// <summary>
/// Carries the authenticated caller from <see cref="ApiKeyInterceptor"/> to the service through the
/// call's user state (the request's <c>HttpContext.Items</c>), so services never parse headers.
/// </summary>
public static class CallerContext
{
    private static readonly object Key = typeof(ApiCaller);

    /// <summary>Records <paramref name="caller"/> as the caller of this call.</summary>
    public static void Set(ServerCallContext context, ApiCaller caller)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.UserState[Key] = caller;
    }

    /// <summary>The caller, or null before authentication.</summary>
    public static ApiCaller? Find(ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.UserState.TryGetValue(Key, out var caller) ? caller as ApiCaller : null;
    }

    /// <summary>The caller; throws when the call was not authenticated, which means the interceptor is missing.</summary>
    /// <exception cref="InvalidOperationException">No caller was recorded.</exception>
    public static ApiCaller Get(ServerCallContext context) =>
        Find(context) ?? throw new InvalidOperationException($"The call {context.Method} has no authenticated caller; is {nameof(ApiKeyInterceptor)} registered?");
}
