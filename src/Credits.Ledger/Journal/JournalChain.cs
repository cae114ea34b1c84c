using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Credits.Ledger.Engine;

namespace Credits.Ledger.Journal;

/// <summary>
/// The hash chain over each account's journal: an entry's hash is SHA-256 of the previous entry's
/// hash followed by the entry's canonical bytes; the first entry chains from 32 zero bytes. Editing,
/// removing or reordering a stored entry changes every hash after it, so a verifier that recomputes
/// the chain names the first entry that no longer matches. The encoding is written down in
/// docs/journal-hash-chain.md so that another implementation can check a journal export.
/// </summary>
public static class JournalChain
{
    /// <summary>The version byte that starts every canonical encoding; a new encoding gets a new version.</summary>
    public const byte CanonicalVersion = 1;

    /// <summary>Bytes of a hash (SHA-256).</summary>
    public const int HashBytes = 32;

    /// <summary>What the first entry of every account chains from: 32 zero bytes.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[HashBytes];

    /// <summary>The hash of <paramref name="entry"/> chained after <paramref name="previousHash"/>.</summary>
    public static byte[] Next(ReadOnlySpan<byte> previousHash, JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (previousHash.Length != HashBytes)
        {
            throw new ArgumentException($"A previous hash has {HashBytes} bytes, not {previousHash.Length}.", nameof(previousHash));
        }
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(previousHash);
        hash.AppendData(CanonicalBytes(entry));
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// The entry's immutable fields in canonical form, version 1: a version byte, then each field in
    /// a fixed order; integers big-endian (i32 or i64), strings as a u32 big-endian byte length and
    /// their UTF-8 bytes, lists as a u32 count then their items, metadata sorted by the UTF-8 bytes
    /// of its keys, the time in Unix milliseconds, no bucket as 0. The stored hash is not part of it.
    /// </summary>
    public static byte[] CanonicalBytes(JournalEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var buffer = new CanonicalWriter();
        buffer.Byte(CanonicalVersion);
        buffer.Text(entry.AccountId);
        buffer.Int64(entry.Sequence);
        buffer.Int32((int)entry.Kind);
        buffer.Int64(entry.Amount);
        buffer.Int64(entry.AvailableAfter);
        buffer.Int64(entry.HeldAfter);
        buffer.Int64(entry.OwedAfter);
        buffer.Text(entry.LotId);
        buffer.Text(entry.HoldId);
        buffer.Count(entry.Parts.Count);
        foreach (var part in entry.Parts)
        {
            buffer.Text(part.LotId);
            buffer.Int64(part.Amount);
        }
        buffer.Text(entry.Feature);
        buffer.Text(entry.Actor);
        buffer.Text(entry.IdempotencyKey);
        var metadata = entry.Metadata
            .Select(pair => (Key: Encoding.UTF8.GetBytes(pair.Key), Value: Encoding.UTF8.GetBytes(pair.Value)))
            .OrderBy(pair => pair.Key, ByteOrder.Instance)
            .ToList();
        buffer.Count(metadata.Count);
        foreach (var (key, value) in metadata)
        {
            buffer.Bytes(key);
            buffer.Bytes(value);
        }
        buffer.Int64(Clock.ToMs(entry.CreatedAt));
        buffer.Int32(entry.Bucket is { } bucket ? (int)bucket : 0);
        buffer.Text(entry.Reference);
        return buffer.ToArray();
    }

    /// <summary>Lowercase hex, how people and the CLI read a hash.</summary>
    public static string ToHex(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash);

    private sealed class CanonicalWriter
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(256);

        public void Byte(byte value) => _buffer.Write([value]);

        public void Int32(int value)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteInt32BigEndian(bytes, value);
            _buffer.Write(bytes);
        }

        public void Int64(long value)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteInt64BigEndian(bytes, value);
            _buffer.Write(bytes);
        }

        public void Count(int count)
        {
            Span<byte> bytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(bytes, checked((uint)count));
            _buffer.Write(bytes);
        }

        public void Text(string value) => Bytes(Encoding.UTF8.GetBytes(value));

        public void Bytes(byte[] value)
        {
            Count(value.Length);
            _buffer.Write(value);
        }

        public byte[] ToArray() => _buffer.WrittenSpan.ToArray();
    }

    /// <summary>Unsigned byte-by-byte order, the same in every language (UTF-16 ordinal order is not).</summary>
    private sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
