using System.IO.Compression;
using CsCheck;
using Credits.Testing;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Credits.Fuzz.Tests.Generators;

/// <summary>
/// Raw gRPC bodies: a generated request's bytes, kept or mutated (truncated, a byte changed, bytes
/// inserted, replaced by noise), in a frame that is right or broken (wrong length, compressed flag
/// without or with a bogus encoding, gzip, two frames, no prefix, a flag that does not exist).
/// </summary>
internal static class RawFrames
{
    public static readonly Gen<FuzzCase> Cases =
        Rpcs.Any.SelectMany(method => Gen.Select(
            Messages.For(method.InputType).SelectMany(message => Mutated(message.ToByteArray())).SelectMany(Framed),
            Credentials.For(method.Service),
            (framed, authorization) => (FuzzCase)new RawCase(method, framed.Body, framed.Encoding, authorization)));

    /// <summary>The same bodies as gRPC-Web calls to the browser listener, mostly to the ledger service (the only one it serves).</summary>
    public static readonly Gen<FuzzCase> WebCases =
        Gen.Frequency((6, Gen.OneOf(LedgerService.Descriptor.Methods.ToArray())), (1, Rpcs.Any)).SelectMany(method => Gen.Select(
            Messages.For(method.InputType).SelectMany(message => Mutated(message.ToByteArray())).SelectMany(Framed),
            Gen.Bool,
            Credentials.For(method.Service),
            (framed, text, authorization) => (FuzzCase)new WebCase(method, framed.Body, text, authorization)));

    private static Gen<byte[]> Mutated(byte[] valid) => Gen.Frequency(
        (3, Gen.Const(valid)),
        (2, Gen.Int[0, valid.Length].Select(length => valid[..length])),
        (2, Gen.Select(Gen.Int[0, Math.Max(valid.Length - 1, 0)], Gen.Byte, (at, value) =>
        {
            var copy = (byte[])valid.Clone();
            if (copy.Length > 0)
            {
                copy[at] = value;
            }
            return copy;
        })),
        (1, Gen.Select(Gen.Int[0, valid.Length], Gen.Byte.Array[1, 8], (at, inserted) => (byte[])[.. valid[..at], .. inserted, .. valid[at..]])),
        (2, Gen.Byte.Array[0, 64]));

    private static Gen<(byte[] Body, string? Encoding)> Framed(byte[] message) => Gen.Frequency(
        (6, Gen.Const<(byte[], string?)>((RawGrpc.Frame(message), null))),
        (1, Gen.Int[-3, 3].Select<int, (byte[], string?)>(delta =>
        {
            var frame = RawGrpc.Frame(message);
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), unchecked((uint)(message.Length + delta)));
            return (frame, null);
        })),
        (1, Gen.OneOf<string?>(null, "identity", "gzip", "deflate", "br").Select(encoding => (RawGrpc.Frame(message, compressed: true), encoding))),
        (1, Gen.Const<(byte[], string?)>((RawGrpc.Frame(Gzip(message), compressed: true), "gzip"))),
        (1, Gen.Const<(byte[], string?)>(([.. RawGrpc.Frame(message), .. RawGrpc.Frame(message)], null))),
        (1, Gen.Const<(byte[], string?)>((message, null))),
        (1, Gen.Byte[2, 255].Select<byte, (byte[], string?)>(flag => ([flag, .. RawGrpc.Frame(message)[1..]], null))));

    private static byte[] Gzip(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(data);
        }
        return output.ToArray();
    }
}
