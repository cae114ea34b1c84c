using System.Collections.Concurrent;

namespace Credits.Bench;

/// <summary>Counts the failed operations of a measurement and keeps the first few distinct messages.</summary>
internal sealed class ErrorLog
{
    private const int SamplesMax = 3;

    private readonly ConcurrentDictionary<string, int> _samples = new(StringComparer.Ordinal);
    private long _count;

    /// <summary>How many operations failed.</summary>
    public long Count => Interlocked.Read(ref _count);

    /// <summary>Up to three distinct failure messages, each with how often it was seen.</summary>
    public IReadOnlyList<string> Samples => [.. _samples.Select(sample => $"{sample.Value}x {sample.Key}")];

    /// <summary>Counts one failure.</summary>
    public void Record(Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Record($"{error.GetType().Name}: {error.Message}");
    }

    /// <summary>Counts one failure described by <paramref name="message"/>.</summary>
    public void Record(string message)
    {
        Interlocked.Increment(ref _count);
        var key = message.Length > 300 ? message[..300] : message;
        if (_samples.ContainsKey(key) || _samples.Count < SamplesMax)
        {
            _samples.AddOrUpdate(key, 1, static (_, seen) => seen + 1);
        }
    }
}
