using System.CommandLine.Parsing;
using System.Globalization;

namespace Credits.Cli.Commands;

/// <summary>How options that take an instant read it.</summary>
internal static class Instants
{
    /// <summary>An ISO 8601 instant; a date or time without an offset is UTC, not the machine's zone (reports are in UTC days).</summary>
    public static DateTimeOffset Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return instant;
        }
        result.AddError($"'{text}' is not a date or time (ISO 8601, for example 2026-11-01).");
        return default;
    }
}
