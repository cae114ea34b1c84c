using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Grpc.Core;

namespace Credits.Fuzz.Tests.Support;

/// <summary>
/// The status of a gRPC-Web reply: in the headers when the call failed before any message
/// (trailers-only), else in the trailer frame (flag 0x80) at the end of the body, base64 in text mode.
/// </summary>
internal static class GrpcWebStatus
{
    public static StatusCode? Read(HttpResponseMessage response, byte[] body, bool text)
    {
        if (response.Headers.TryGetValues("grpc-status", out var header))
        {
            return (StatusCode)int.Parse(header.First(), CultureInfo.InvariantCulture);
        }
        var frames = text ? Decode(body) : body;
        for (var at = 0; at + 5 <= frames.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(frames.AsSpan(at + 1));
            if (at + 5 + length > frames.Length)
            {
                break;
            }
            if ((frames[at] & 0x80) != 0)
            {
                foreach (var line in Encoding.ASCII.GetString(frames, at + 5, length).Split("\r\n"))
                {
                    if (line.StartsWith("grpc-status:", StringComparison.OrdinalIgnoreCase))
                    {
                        return (StatusCode)int.Parse(line["grpc-status:".Length..].Trim(), CultureInfo.InvariantCulture);
                    }
                }
            }
            at += 5 + length;
        }
        return null;
    }

    // gRPC-Web text: each message (and the trailers) base64-encoded in turn, possibly with padding between.
    private static byte[] Decode(byte[] body)
    {
        var decoded = new List<byte>();
        foreach (var chunk in Encoding.ASCII.GetString(body).Split('=', StringSplitOptions.RemoveEmptyEntries))
        {
            var padded = chunk.PadRight(chunk.Length + (4 - chunk.Length % 4) % 4, '=');
            decoded.AddRange(Convert.FromBase64String(padded));
        }
        return [.. decoded];
    }
}
