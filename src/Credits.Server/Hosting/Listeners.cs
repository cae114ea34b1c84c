using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Credits.Server.Hosting;

/// <summary>The kinds of listener the server opens; each serves only its own endpoints.</summary>
public enum Listener
{
    /// <summary>The gRPC listeners (<c>Kestrel:Endpoints</c>): every gRPC service, health and reflection.</summary>
    Grpc,
    /// <summary>The browser listener (<c>Browser:Url</c>): gRPC-Web to the ledger service only.</summary>
    Browser,
    /// <summary>The Stripe listener (<c>Webhooks:Url</c>): <c>POST /stripe/webhook</c> only.</summary>
    Webhooks,
    /// <summary>The operations listener (<c>Operations:Url</c>): <c>GET /metrics</c> only.</summary>
    Operations,
}

/// <summary>Endpoint metadata: the listeners an endpoint is served on. An endpoint without it is served on gRPC listeners only.</summary>
public sealed record ServedOn(params Listener[] Listeners);

/// <summary>
/// Keeps each listener to its own endpoints. Every endpoint is routable from every listener in
/// ASP.NET Core, so without this the public webhook port served gRPC-Web Grant and the gRPC port
/// applied webhooks. Each connection is tagged with its listener when Kestrel accepts it (so it
/// works with port 0), and a request whose endpoint is not served there is answered 404, as if the
/// endpoint did not exist (a gRPC client reads it as UNIMPLEMENTED).
/// </summary>
public static class Listeners
{
    private const string ItemKey = "credits.listener";

    /// <summary>Tags connections accepted by <paramref name="endpoint"/> as <paramref name="listener"/>; the last tag set wins.</summary>
    public static void Tag(ListenOptions endpoint, Listener listener) =>
        endpoint.Use(next => connection =>
        {
            connection.Items[ItemKey] = listener;
            return next(connection);
        });

    /// <summary>Serves the endpoints on these listeners instead of the gRPC ones only.</summary>
    public static TBuilder ServeOn<TBuilder>(this TBuilder endpoints, params Listener[] listeners) where TBuilder : IEndpointConventionBuilder =>
        endpoints.WithMetadata(new ServedOn(listeners));

    /// <summary>Answers 404 for an endpoint the request's listener does not serve; runs after routing.</summary>
    public static void UseListenerSeparation(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.GetEndpoint() is { } endpoint)
            {
                var listener = ListenerOf(context);
                var servedOn = endpoint.Metadata.GetMetadata<ServedOn>()?.Listeners ?? [Listener.Grpc];
                if (!servedOn.Contains(listener))
                {
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    return Task.CompletedTask;
                }
            }
            return next(context);
        });

    private static Listener ListenerOf(HttpContext context) =>
        context.Features.Get<IConnectionItemsFeature>()?.Items.TryGetValue(ItemKey, out var value) == true && value is Listener listener
            ? listener
            : Listener.Grpc;
}
