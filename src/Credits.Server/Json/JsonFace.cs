using System.Net;
using Credits.Server.Hosting;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace Credits.Server.Json;

/// <summary>
/// The HTTP/JSON face of the ledger service for callers that cannot speak gRPC (scripts, serverless
/// functions, other languages): gRPC JSON transcoding of the <c>google.api.http</c> routes in
/// ledger_service.proto, on its own HTTP/1.1 listener (<c>Json:Url</c>). Transcoded calls run
/// through the same interceptors as gRPC calls, so they need the same API key and scopes and fail
/// with the same statuses and ErrorInfo.
/// </summary>
/// <remarks>
/// Its own listener because the gRPC listener is cleartext HTTP/2 only (Kestrel has no h2c upgrade,
/// so it cannot also offer HTTP/1.1 there), and the other HTTP/1.1 listeners are public (Stripe's
/// webhook) or the browsers' (gRPC-Web): neither should take ledger writes as JSON.
/// </remarks>
internal static class JsonFace
{
    /// <summary>The HTTP/1.1 address of the JSON face, such as <c>http://127.0.0.1:5083</c>; unset or empty means none.</summary>
    public const string UrlKey = JsonFaceOptions.Section + ":" + nameof(JsonFaceOptions.Url);

    public static IServiceCollection AddJsonFace(this IServiceCollection services)
    {
        services.AddOptions<JsonFaceOptions>().BindConfiguration(JsonFaceOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JsonFaceOptions>, JsonFaceOptionsValidator>();
        services.AddGrpc().AddJsonTranscoding(options => options.TypeRegistry = JsonErrors.Registry);
        services.AddJsonOpenApi();
        return services;
    }

    /// <summary>Checks HTTP/JSON bodies (<see cref="JsonRequestGuard"/>); after routing and listener separation.</summary>
    public static void UseJsonRequestGuard(this IApplicationBuilder app) =>
        app.UseMiddleware<JsonRequestGuard>();

    /// <summary>Opens the HTTP/1.1 listener of <c>Json:Url</c>, when set.</summary>
    public static void ListenForJson(KestrelServerOptions kestrel, IConfiguration configuration)
    {
        // As for Browser:Url: a URL Kestrel cannot listen on is skipped here and refused with a
        // message by JsonFaceOptionsValidator when options are validated at start.
        if (configuration[UrlKey] is { Length: > 0 } url
            && Uri.TryCreate(url, UriKind.Absolute, out var uri)
            && (uri.Host == "localhost" || IPAddress.TryParse(uri.Host, out _)))
        {
            var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.Parse(uri.Host);
            kestrel.Listen(address, uri.Port, endpoint =>
            {
                endpoint.Protocols = HttpProtocols.Http1;
                Listeners.Tag(endpoint, Listener.Json);
            });
        }
    }

    /// <summary>
    /// Serves the transcoded (HTTP/JSON) endpoints of a gRPC service on the JSON listener only; its
    /// gRPC endpoints keep the listeners they were given. Call it after <c>ServeOn</c>: the last
    /// <see cref="ServedOn"/> of an endpoint is the one that counts.
    /// </summary>
    public static TBuilder ServeJsonOnJsonListener<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder
    {
        endpoints.Add(endpoint =>
        {
            if (endpoint.Metadata.OfType<GrpcJsonTranscodingMetadata>().Any())
            {
                endpoint.Metadata.Add(new ServedOn(Listener.Json));
            }
        });
        return endpoints;
    }
}
