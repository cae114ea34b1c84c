using Credits.Fuzz.Tests.Support;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Credits.Fuzz.Tests.Generators;

/// <summary>One generated request: sent by <see cref="FuzzRunner"/>, which judges the answer.</summary>
internal abstract record FuzzCase
{
    /// <summary>Which channel the request takes: <c>grpc</c>, <c>raw</c> or <c>webhook</c>.</summary>
    public abstract string Channel { get; }

    public abstract Task<Outcome> RunAsync(FuzzRunner runner);
}

/// <summary>A generated request message through a gRPC client, with the generated message types.</summary>
internal sealed record RpcCase(MethodDescriptor Method, IMessage Request, string? Authorization) : FuzzCase
{
    public override string Channel => "grpc";

    public override Task<Outcome> RunAsync(FuzzRunner runner) => runner.CallAsync(this);

    public override string ToString() => $"{Rpcs.Path(Method)} auth={Authorization?[..Math.Min(20, Authorization.Length)]} {Request}";
}

/// <summary>Hand-built bytes posted as a gRPC call (HTTP/2): a mutated message in a valid or broken frame.</summary>
internal sealed record RawCase(MethodDescriptor Method, byte[] Body, string? Encoding, string? Authorization) : FuzzCase
{
    public override string Channel => "raw";

    public override Task<Outcome> RunAsync(FuzzRunner runner) => runner.PostFrameAsync(this);

    public override string ToString() =>
        $"{Rpcs.Path(Method)} encoding={Encoding} body={Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, 96)))} ({Body.Length} bytes)";
}

/// <summary>Hand-built bytes posted as a gRPC-Web call (HTTP/1.1, binary or base64 text) to the browser listener.</summary>
internal sealed record WebCase(MethodDescriptor Method, byte[] Body, bool Text, string? Authorization) : FuzzCase
{
    public override string Channel => "grpc-web";

    public override Task<Outcome> RunAsync(FuzzRunner runner) => runner.PostGrpcWebAsync(this);

    public override string ToString() =>
        $"{Rpcs.Path(Method)} text={Text} body={Convert.ToHexString(Body.AsSpan(0, Math.Min(Body.Length, 96)))} ({Body.Length} bytes)";
}

/// <summary>A body and Stripe-Signature posted to the webhook endpoint.</summary>
internal sealed record WebhookCase(byte[] Body, string? Signature) : FuzzCase
{
    public override string Channel => "webhook";

    public override Task<Outcome> RunAsync(FuzzRunner runner) => runner.PostWebhookAsync(this);

    public override string ToString() =>
        $"webhook signature={Signature} body={System.Text.Encoding.UTF8.GetString(Body.AsSpan(0, Math.Min(Body.Length, 400)))}";
}

/// <summary>What the server answered: a label for the tally, whether it refused the request, whether the answer is forbidden.</summary>
internal sealed record Outcome(string Label, bool Refused, bool Forbidden);
