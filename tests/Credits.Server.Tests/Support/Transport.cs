namespace Credits.Server.Tests.Support;

/// <summary>How a test reaches the server: as internal services do, or as a browser does.</summary>
public enum Transport
{
    /// <summary>gRPC over HTTP/2 on the gRPC listener.</summary>
    Grpc,

    /// <summary>gRPC-Web over HTTP/1.1 on the <c>Browser:Url</c> listener.</summary>
    GrpcWeb,
}
