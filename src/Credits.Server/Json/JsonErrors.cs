using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Credits.Server.Json;

/// <summary>
/// How an error reads on the HTTP/JSON face: the google.rpc.Status as JSON, its details (ErrorInfo,
/// BadRequest, RetryInfo) written out with their <c>@type</c>. Transcoding writes a failed call's
/// status from its <c>grpc-status-details-bin</c> trailer, but only with the detail types it is
/// told of: without <see cref="Registry"/> an ErrorInfo made the reply a 500.
/// </summary>
internal static class JsonErrors
{
    /// <summary>Every google.rpc error detail type, so whatever detail the server attaches is written.</summary>
    public static TypeRegistry Registry { get; } = TypeRegistry.FromFiles(Google.Rpc.ErrorDetailsReflection.Descriptor);

    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithTypeRegistry(Registry));

    /// <summary>Answers with <paramref name="status"/>, at the HTTP status transcoding gives its gRPC code.</summary>
    public static async Task WriteAsync(HttpResponse response, Google.Rpc.Status status)
    {
        response.StatusCode = HttpStatusOf((Grpc.Core.StatusCode)status.Code);
        response.ContentType = "application/json; charset=utf-8";
        await response.WriteAsync(Formatter.Format(status));
    }

    // Google's mapping (google/rpc/code.proto), as transcoding applies it; only the codes the guard raises.
    private static int HttpStatusOf(Grpc.Core.StatusCode code) => code switch
    {
        Grpc.Core.StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
        _ => StatusCodes.Status500InternalServerError,
    };
}
