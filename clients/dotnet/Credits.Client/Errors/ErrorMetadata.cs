using System.Globalization;

namespace Credits.Client.Errors;

/// <summary>Reads typed values out of <c>ErrorInfo</c> metadata (lowerCamel keys, decimal-string values).</summary>
internal static class ErrorMetadata
{
    internal static string? String(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) ? value : null;

    internal static long? Int64(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value)
        && long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : null;
}
