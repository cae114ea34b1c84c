using System.Globalization;
using Google.Protobuf.WellKnownTypes;

namespace Credits.Cli.Output;

/// <summary>Times as the CLI prints them: UTC, ISO 8601 with milliseconds (<c>2026-11-24T05:00:00.123Z</c>).</summary>
internal static class Timestamps
{
    public static string Format(Timestamp? timestamp) =>
        timestamp is null ? "" : timestamp.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
