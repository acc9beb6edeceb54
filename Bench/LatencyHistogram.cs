namespace Spaces.Bench;

/// <summary>
/// Delivery latencies as counts in 0.05 ms buckets up to 2 s and one overflow bucket, recorded without locks by many
/// subscribers at once; percentiles by nearest rank, as Bench/peers/socketio/histogram.mjs reads them for socket.io.
/// </summary>
public sealed class LatencyHistogram
{
    private const double BucketMs = 0.05;
    private const int Buckets = 40_000;
    private readonly long[] _counts = new long[Buckets + 1];
    private long _total;
    private long _maxMicroseconds;

    public long Total => Interlocked.Read(ref _total);

    public void Record(double milliseconds)
    {
        Interlocked.Increment(ref _counts[Math.Clamp((int)(milliseconds / BucketMs), 0, Buckets)]);
        Interlocked.Increment(ref _total);
        var microseconds = (long)(milliseconds * 1000);
        long seen;
        while (microseconds > (seen = Interlocked.Read(ref _maxMicroseconds))
               && Interlocked.CompareExchange(ref _maxMicroseconds, microseconds, seen) != seen)
        {
        }
    }

    /// <summary>The upper edge of the bucket that holds the rank (the maximum for the overflow bucket); null when empty.</summary>
    public Percentiles? Read()
    {
        var total = Total;
        if (total == 0)
        {
            return null;
        }

        var max = Interlocked.Read(ref _maxMicroseconds) / 1000.0;
        return new Percentiles(Rank(0.50, total, max), Rank(0.90, total, max), Rank(0.99, total, max), max);
    }

    private double Rank(double fraction, long total, double max)
    {
        var rank = Math.Max((long)Math.Ceiling(fraction * total), 1);
        long seen = 0;
        for (var i = 0; i <= Buckets; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return i == Buckets ? max : Math.Min((i + 1) * BucketMs, max);
            }
        }

        return max;
    }
}
