using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Grpc.Core;

namespace Credits.Fuzz.Tests.Support;

/// <summary>
/// The status of a gRPC-Web reply: in the headers when the call failed before any message
/// (trailers-only), else in the trailer frame (flag 0x80) at the end of the body, base64 when the reply is gRPC-Web text.
/// </summary>
internal static class GrpcWebStatus
{
    public static StatusCode? Read(HttpResponseMessage response, byte[] body)
    {
        if (response.Headers.TryGetValues("grpc-status", out var header))
        {
            return (StatusCode)int.Parse(header.First(), CultureInfo.InvariantCulture);
        }
        // Anything but a gRPC-Web reply (a 404 or 415 from the listener) carries no status. The reply
        // is text only when the call accepted text: without an Accept header it is binary.
        var mediaType = response.Content.Headers.ContentType?.MediaType ?? "";
        if (!mediaType.StartsWith("application/grpc-web", StringComparison.Ordinal))
        {
            return null;
        }
        var frames = mediaType.StartsWith("application/grpc-web-text", StringComparison.Ordinal) ? Decode(body) : body;
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

    // gRPC-Web text: each write base64-encoded on its own, padding included, so the body is a run of
    // whole 4-character groups, each of which decodes alone.
    private static byte[] Decode(byte[] body)
    {
        var text = new string(Encoding.ASCII.GetString(body).Where(c => !char.IsWhiteSpace(c)).ToArray());
        var decoded = new List<byte>();
        for (var at = 0; at + 4 <= text.Length; at += 4)
        {
            decoded.AddRange(Convert.FromBase64String(text.Substring(at, 4)));
        }
        return [.. decoded];
    }
}
