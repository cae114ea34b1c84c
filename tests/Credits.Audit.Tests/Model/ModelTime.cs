using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Audit.Tests.Model;

/// <summary>Time as the ledger stores it: UTC milliseconds since the Unix epoch.</summary>
public static class ModelTime
{
    public static Timestamp ToTimestamp(long ms) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(ms));

    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static string Format(long ms) =>
        DateTimeOffset.FromUnixTimeMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
