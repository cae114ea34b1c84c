using Credits.Server.Errors;
using Grpc.Core;

namespace Credits.Server.Framing;

/// <summary>
/// The statuses of a request whose body is not one well-formed message. Each carries the
/// <c>MALFORMED_REQUEST</c> ErrorInfo (no field: nothing could be read), except a message over the
/// size limit, which keeps gRPC's documented RESOURCE_EXHAUSTED.
/// </summary>
internal static class MalformedRequests
{
    public static RpcException Refuse(string why) =>
        RpcErrors.Status(StatusCode.InvalidArgument, $"The request is not a well-formed message: {why}.", ErrorReasons.MalformedRequest)
            .ToRpcException();

    /// <summary>A streamed message whose length prefix is beyond any limit (the framework's reader says only "Message too large").</summary>
    public static RpcException TooLarge() =>
        new(new Grpc.Core.Status(StatusCode.ResourceExhausted, "Received message exceeds the maximum configured message size."));

    public static RpcException TooLarge(int maxBytes) =>
        new(new Grpc.Core.Status(StatusCode.ResourceExhausted,
            $"Received message exceeds the maximum configured message size ({maxBytes} bytes)."));
}
