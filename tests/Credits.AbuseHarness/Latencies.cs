using System.Globalization;

namespace Credits.AbuseHarness;

/// <summary>The latencies of one phase's Reserve+Commit pairs, in milliseconds.</summary>
internal sealed class Latencies
{
    private readonly List<double> _milliseconds = [];

    public int Count
    {
        get
        {
            lock (_milliseconds)
            {
                return _milliseconds.Count;
            }
        }
    }

    public void Add(TimeSpan elapsed)
    {
        lock (_milliseconds)
        {
            _milliseconds.Add(elapsed.TotalMilliseconds);
        }
    }

    public double Percentile(double p)
    {
        lock (_milliseconds)
        {
            if (_milliseconds.Count == 0)
            {
                return double.NaN;
            }
            var sorted = _milliseconds.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        }
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(50):0.0} ms, p99 {Percentile(99):0.0} ms over {Count} pairs");
}
