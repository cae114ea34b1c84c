using System.Globalization;

namespace Credits.Fuzz.Tests.Support;

/// <summary>How many requests went through each channel and what they were answered.</summary>
internal sealed class FuzzTally
{
    private readonly Dictionary<string, int> _byLabel = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _byChannel = new(StringComparer.Ordinal);

    public int Total { get; private set; }

    public int Of(string label) => _byLabel.GetValueOrDefault(label);

    public void Count(string channel, string label)
    {
        Total++;
        _byLabel[label] = _byLabel.GetValueOrDefault(label) + 1;
        _byChannel[channel] = _byChannel.GetValueOrDefault(channel) + 1;
    }

    /// <summary><c>fuzz: 4000 requests, 0 INTERNAL, 0 UNKNOWN, 3120 INVALID_ARGUMENT, 610 OK, ... (grpc 2800, raw 600, webhook 600)</c></summary>
    public string Line(string provider)
    {
        var others = _byLabel.Where(pair => pair.Key is not ("INTERNAL" or "UNKNOWN"))
            .OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Value} {pair.Key}"));
        var channels = _byChannel.OrderBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => string.Create(CultureInfo.InvariantCulture, $"{pair.Key} {pair.Value}"));
        return string.Create(CultureInfo.InvariantCulture,
            $"fuzz: {Total} requests, {Of("INTERNAL")} INTERNAL, {Of("UNKNOWN")} UNKNOWN, {string.Join(", ", others)} ({provider}: {string.Join(", ", channels)})");
    }
}
