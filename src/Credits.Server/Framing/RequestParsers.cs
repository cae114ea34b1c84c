using System.Collections.Concurrent;
using System.Reflection;
using Google.Protobuf;
using Grpc.Core;

namespace Credits.Server.Framing;

/// <summary>
/// Parses a request message with its method's own marshaller, so that a body the generated code
/// cannot parse is refused before the framework tries (it would answer UNKNOWN, "Exception was
/// thrown by handler"). Protobuf's parser throws <see cref="InvalidProtocolBufferException"/> for a
/// truncated message, a wrong wire type or a bad tag, and an <see cref="ArgumentException"/>
/// (a <c>DecoderFallbackException</c>) for a string field that is not UTF-8.
/// </summary>
internal static class RequestParsers
{
    private static readonly ConcurrentDictionary<IMethod, Func<byte[], object?>> Parsers = new();

    private static readonly MethodInfo ForMarshallerMethod =
        typeof(RequestParsers).GetMethod(nameof(ForMarshaller), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Why <paramref name="message"/> is not a request of <paramref name="method"/>, or null when it parses.</summary>
    public static string? Problem(IMethod method, byte[] message)
    {
        try
        {
            Parsers.GetOrAdd(method, Create)(message);
            return null;
        }
        catch (InvalidProtocolBufferException error)
        {
            return error.Message.TrimEnd('.');
        }
        catch (ArgumentException)
        {
            return "a string field is not valid UTF-8";
        }
    }

    // Every method the server maps is a Method<TRequest, TResponse> (gRPC's only implementation of
    // IMethod); its request marshaller is the generated parser.
    private static Func<byte[], object?> Create(IMethod method)
    {
        var type = method.GetType();
        var marshaller = type.GetProperty(nameof(Method<object, object>.RequestMarshaller))!.GetValue(method)!;
        return (Func<byte[], object?>)ForMarshallerMethod.MakeGenericMethod(type.GetGenericArguments()[0]).Invoke(null, [marshaller])!;
    }

    // Generated marshallers are contextual only: their byte[] Deserializer throws NotImplementedException.
    private static Func<byte[], object?> ForMarshaller<TRequest>(Marshaller<TRequest> marshaller) =>
        bytes => marshaller.ContextualDeserializer(new Payload(bytes));

    private sealed class Payload(byte[] bytes) : DeserializationContext
    {
        public override int PayloadLength => bytes.Length;

        public override byte[] PayloadAsNewBuffer() => (byte[])bytes.Clone();

        public override System.Buffers.ReadOnlySequence<byte> PayloadAsReadOnlySequence() => new(bytes);
    }
}
