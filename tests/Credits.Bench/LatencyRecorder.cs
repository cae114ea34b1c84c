using System.Numerics;

namespace Credits.Bench;

/// <summary>
/// A fixed-size log-linear histogram of latencies in microseconds (the HdrHistogram layout): exact
/// below 2,048 µs, then 1,024 buckets per power of two, so every value is kept within 0.1%.
/// Recording never allocates; each caller owns one recorder, merged after the run.
/// </summary>
internal sealed class LatencyRecorder
{
    private const int SubBucketBits = 10;
    private const int SubBucketCount = 1 << SubBucketBits;

    // The largest shift kept: values up to 2^(MaxShift + 11) µs (about 35 minutes); longer ones
    // land in the last bucket.
    private const int MaxShift = 20;

    private readonly int[] _counts = new int[(MaxShift + 2) * SubBucketCount];

    /// <summary>How many values were recorded.</summary>
    public long Count { get; private set; }

    /// <summary>The largest value recorded, in microseconds.</summary>
    public long MaxMicros { get; private set; }

    /// <summary>Adds one value; negative values count as zero.</summary>
    public void Record(long micros)
    {
        if (micros < 0)
        {
            micros = 0;
        }
        _counts[IndexOf(micros)]++;
        Count++;
        if (micros > MaxMicros)
        {
            MaxMicros = micros;
        }
    }

    /// <summary>Adds every value of <paramref name="other"/> to this recorder.</summary>
    public void Add(LatencyRecorder other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (var i = 0; i < _counts.Length; i++)
        {
            _counts[i] += other._counts[i];
        }
        Count += other.Count;
        MaxMicros = Math.Max(MaxMicros, other.MaxMicros);
    }

    /// <summary>The value below which <paramref name="percentile"/> percent of the values fall, in milliseconds; NaN when empty.</summary>
    public double PercentileMs(double percentile)
    {
        if (Count == 0)
        {
            return double.NaN;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100.0 * Count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen >= rank)
            {
                return Math.Min(ValueAt(i), MaxMicros) / 1000.0;
            }
        }
        return MaxMicros / 1000.0;
    }

    private static int IndexOf(long micros)
    {
        if (micros < 2 * SubBucketCount)
        {
            return (int)micros;
        }
        var shift = 63 - BitOperations.LeadingZeroCount((ulong)micros) - SubBucketBits;
        if (shift > MaxShift)
        {
            return (MaxShift + 2) * SubBucketCount - 1;
        }
        return (shift + 1) * SubBucketCount + (int)((micros >> shift) - SubBucketCount);
    }

    // The middle of bucket <index>.
    private static long ValueAt(int index)
    {
        if (index < 2 * SubBucketCount)
        {
            return index;
        }
        var shift = index / SubBucketCount - 1;
        var low = ((long)(index % SubBucketCount) + SubBucketCount) << shift;
        return low + ((1L << shift) >> 1);
    }
}
