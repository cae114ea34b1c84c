using Credits.Server.Errors;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace Credits.Server.Auth;

/// <summary>
/// Authenticates every ledger call by its <c>authorization: Bearer &lt;key&gt;</c> header, checks the
/// method's scope (<see cref="Scopes.RequiredFor"/>), and records the caller for the service
/// (<see cref="CallerContext"/>). A bearer value shaped like a JWT is an end user's token instead:
/// <see cref="EndUserTokenValidator"/> verifies it and <see cref="EndUserAccess"/> decides the call.
/// Registered for the ledger service only, so health checks and reflection need no key.
/// </summary>
internal sealed class ApiKeyInterceptor(ApiKeyStore keys, EndUserTokenValidator tokens, ILogger<ApiKeyInterceptor> logger) : Interceptor
{
    public const string HeaderName = "authorization";

    // Minted keys are 46 characters and end-user tokens a few hundred; the bound keeps hashing and
    // token parsing cheap for garbage headers.
    private const int KeyLengthMax = 2048;

    private const string Scheme = "Bearer ";

    private static readonly Func<ILogger, string, IDisposable?> CallerScope = LoggerMessage.DefineScope<string>("Caller {Caller}");

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(TRequest request, ServerCallContext context,
        UnaryServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = CallerScope(logger, (await AuthenticateAsync(context, request)).Name);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = CallerScope(logger, (await AuthenticateAsync(context, request: null)).Name);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(TRequest request, IServerStreamWriter<TResponse> responseStream,
        ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = CallerScope(logger, (await AuthenticateAsync(context, request)).Name);
        await continuation(request, responseStream, context);
    }

    public override async Task DuplexStreamingServerHandler<TRequest, TResponse>(IAsyncStreamReader<TRequest> requestStream,
        IServerStreamWriter<TResponse> responseStream, ServerCallContext context, DuplexStreamingServerMethod<TRequest, TResponse> continuation)
    {
        using var scope = CallerScope(logger, (await AuthenticateAsync(context, request: null)).Name);
        await continuation(requestStream, responseStream, context);
    }

    // A ValueTask: API keys, nearly every call, authenticate without awaiting anything.
    private async ValueTask<ApiCaller> AuthenticateAsync(ServerCallContext context, object? request)
    {
        var key = ReadBearerKey(context.RequestHeaders) ?? throw RpcErrors.ApiKeyMissing();
        if (EndUserTokenValidator.LooksLikeToken(key))
        {
            // An end user's token: EndUserAccess alone decides what it may call, and for which account.
            var accountId = await tokens.ValidateAsync(key);
            var endUser = EndUserAccess.Caller(accountId);
            CallerContext.Set(context, endUser);
            EndUserAccess.Authorize(context.Method, request, accountId);
            return endUser;
        }
        if (!keys.TryAuthenticate(key, out var caller))
        {
            throw RpcErrors.ApiKeyInvalid();
        }
        // Recorded before the scope check, so a denied call is logged with who was denied.
        CallerContext.Set(context, caller);
        var required = Scopes.RequiredFor(context.Method);
        if (!Scopes.Satisfies(caller.Scopes, required))
        {
            throw RpcErrors.ScopeMissing(required);
        }
        return caller;
    }

    /// <summary>The key of a well-formed <c>Bearer</c> header, or null when the header is missing or malformed.</summary>
    public static string? ReadBearerKey(Metadata headers)
    {
        var value = headers.GetValue(HeaderName);
        if (value is null || !value.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var key = value[Scheme.Length..].Trim();
        return key.Length == 0 || key.Length > KeyLengthMax || key.Any(char.IsWhiteSpace) ? null : key;
    }
}
