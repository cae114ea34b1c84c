using Google.Protobuf;
using Grpc.Core;

namespace Credits.Server.Framing;

/// <summary>
/// A request stream whose malformed messages are INVALID_ARGUMENT MALFORMED_REQUEST, as a unary
/// call's are: the framework's reader lets the parser's exceptions through (which end the call as
/// UNKNOWN) and reports a broken frame (truncated, compressed without an encoding) as INTERNAL.
/// </summary>
internal sealed class CheckedRequestStream<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
{
    public T Current => inner.Current;

    public async Task<bool> MoveNext(CancellationToken cancellationToken)
    {
        try
        {
            return await inner.MoveNext(cancellationToken);
        }
        catch (InvalidProtocolBufferException error)
        {
            throw MalformedRequests.Refuse(error.Message.TrimEnd('.'));
        }
        catch (ArgumentException)
        {
            // A DecoderFallbackException: the parser met a string field that is not UTF-8.
            throw MalformedRequests.Refuse("a string field is not valid UTF-8");
        }
        catch (InvalidDataException error)
        {
            // A compressed flag other than 0 or 1, or compressed data that does not decompress.
            throw MalformedRequests.Refuse(error.Message.TrimEnd('.'));
        }
        catch (IOException error) when (error.Message.StartsWith("Message too large", StringComparison.Ordinal))
        {
            // A length prefix past int.MaxValue: the framework's reader throws before its own size check.
            throw MalformedRequests.TooLarge();
        }
        catch (RpcException error) when (error.StatusCode == StatusCode.Internal)
        {
            // Only the framework's reader raises INTERNAL here, and only for the caller's framing.
            throw MalformedRequests.Refuse(error.Status.Detail.TrimEnd('.'));
        }
    }
}
