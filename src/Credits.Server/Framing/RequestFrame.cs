using System.Buffers;
using System.Buffers.Binary;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Credits.Server.Framing;

/// <summary>
/// Reads the body of a call that sends one request message: exactly one length-prefixed frame
/// (gRPC's 5-byte prefix: a compressed flag, then the big-endian length). Anything else is refused
/// here rather than by the framework, which answers a truncated or trailing frame with INTERNAL and
/// a garbled compressed one with UNKNOWN, statuses that tell the caller the server is at fault.
/// </summary>
internal static class RequestFrame
{
    public const int PrefixSize = 5;

    private const byte Uncompressed = 0;
    private const byte Compressed = 1;

    /// <summary>
    /// The message bytes, uncompressed, or the refusal to answer with.
    /// </summary>
    /// <param name="body">The whole body, or its first <c>PrefixSize + maxMessageBytes + 1</c> bytes when longer.</param>
    /// <param name="encoding">The <c>grpc-encoding</c> header, if any.</param>
    /// <param name="providers">The server's compression providers (gzip and deflate by default).</param>
    /// <param name="maxMessageBytes">The largest message the server accepts.</param>
    public static FrameReading Read(ReadOnlySequence<byte> body, string? encoding, IList<ICompressionProvider> providers, int maxMessageBytes)
    {
        if (body.Length < PrefixSize)
        {
            return new(null, MalformedRequests.Refuse("the body ends inside the 5-byte message prefix"));
        }
        Span<byte> prefix = stackalloc byte[PrefixSize];
        body.Slice(0, PrefixSize).CopyTo(prefix);
        var flag = prefix[0];
        var length = BinaryPrimitives.ReadUInt32BigEndian(prefix[1..]);
        if (flag is not (Uncompressed or Compressed))
        {
            return new(null, MalformedRequests.Refuse($"the compressed flag is {flag}, not 0 or 1"));
        }
        if (length > (uint)maxMessageBytes)
        {
            return new(null, MalformedRequests.TooLarge(maxMessageBytes));
        }
        var available = body.Length - PrefixSize;
        if (available < length)
        {
            return new(null, MalformedRequests.Refuse($"the message prefix says {length} bytes but {available} follow"));
        }
        if (available > length)
        {
            return new(null, MalformedRequests.Refuse("data follows the request message; this method takes one message"));
        }
        var payload = body.Slice(PrefixSize, length);
        return flag == Uncompressed ? new(payload.ToArray(), null) : Decompress(payload, encoding, providers, maxMessageBytes);
    }

    private static FrameReading Decompress(ReadOnlySequence<byte> payload, string? encoding, IList<ICompressionProvider> providers, int maxMessageBytes)
    {
        if (string.IsNullOrEmpty(encoding) || string.Equals(encoding, "identity", StringComparison.Ordinal))
        {
            return new(null, MalformedRequests.Refuse("the message is marked compressed but the call names no grpc-encoding"));
        }
        var provider = providers.FirstOrDefault(candidate => string.Equals(candidate.EncodingName, encoding, StringComparison.Ordinal));
        if (provider is null)
        {
            // Left to the framework, which answers UNIMPLEMENTED with the encodings it supports, as
            // gRPC's compression spec requires.
            return new(null, null);
        }
        try
        {
            using var compressed = new MemoryStream(payload.ToArray(), writable: false);
            using var decompressing = provider.CreateDecompressionStream(compressed);
            using var message = new MemoryStream();
            // One byte past the limit tells a message over it (a compression bomb) from one at it.
            var buffer = new byte[81920];
            int read;
            while ((read = decompressing.Read(buffer, 0, buffer.Length)) > 0)
            {
                message.Write(buffer, 0, read);
                if (message.Length > maxMessageBytes)
                {
                    return new(null, MalformedRequests.TooLarge(maxMessageBytes));
                }
            }
            return new(message.ToArray(), null);
        }
        catch (InvalidDataException)
        {
            return new(null, MalformedRequests.Refuse($"the message is not valid {encoding} data"));
        }
    }
}

/// <summary>What <see cref="RequestFrame.Read"/> found: the message, a refusal, or (both null) a frame left to the framework as it came.</summary>
internal readonly record struct FrameReading(byte[]? Message, RpcException? Refusal);
