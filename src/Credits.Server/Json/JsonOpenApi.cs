using Credits.Server.Hosting;
using Microsoft.AspNetCore.Grpc.JsonTranscoding;
using Microsoft.OpenApi.Models;

namespace Credits.Server.Json;

/// <summary>
/// The OpenAPI document of the HTTP/JSON face, generated from the google.api.http routes and the
/// protos' comments (Grpc.Swagger over Swashbuckle), served at <see cref="Path"/> on the JSON
/// listener only. docs/http-json.openapi.json is a copy of it, checked by a spec.
/// </summary>
internal static class JsonOpenApi
{
    /// <summary>Where the document is served.</summary>
    public const string Path = "/openapi/v1.json";

    private const string DocumentName = "v1";
    private const string BearerScheme = "bearer";

    private static readonly string[] DocumentedAssemblies = ["Credits.Contracts", "Credits.Server"];

    public static IServiceCollection AddJsonOpenApi(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Credits ledger: HTTP/JSON",
                Version = DocumentName,
                Description = "LedgerService over HTTP/JSON (gRPC JSON transcoding). Every call needs 'authorization: Bearer <api key>'; " +
                    "errors are a google.rpc.Status whose details carry a google.rpc.ErrorInfo (domain credits.v1).",
            });
            // Clients generated from the document name their methods after the RPCs (Grant, Reserve...).
            options.CustomOperationIds(api =>
                api.ActionDescriptor.EndpointMetadata.OfType<GrpcJsonTranscodingMetadata>().FirstOrDefault()?.MethodDescriptor.Name);
            options.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = BearerScheme,
                Description = "An API key with ledger:read (GetBalance) or ledger:write (the others).",
            });
            options.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = BearerScheme } }] = [],
            });
            // The protos' comments, as protoc put them into the generated code's XML docs: the
            // messages' in Credits.Contracts, the service's in this assembly.
            foreach (var assembly in DocumentedAssemblies)
            {
                var file = System.IO.Path.Combine(AppContext.BaseDirectory, assembly + ".xml");
                if (File.Exists(file))
                {
                    options.IncludeGrpcXmlComments(file, includeControllerXmlComments: true);
                }
            }
        });
        return services;
    }

    /// <summary>Serves the document on the JSON listener.</summary>
    public static void MapJsonOpenApi(this WebApplication app) =>
        app.MapSwagger(Path.TrimStart('/').Replace(DocumentName, "{documentName}", StringComparison.Ordinal)).ServeOn(Listener.Json);
}
