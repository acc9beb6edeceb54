namespace Spaces.Bench.Cluster;

/// <summary>
/// One publishing rate of a fan-out run: events published at <see cref="Rate"/> per second for a while, each to every
/// subscriber; <see cref="SpanSeconds"/> runs from the first publish to the last delivery. <see cref="ServerCpuSeconds"/>:
/// the servers' user + kernel time meanwhile (hosts summed), which other processes' load does not stretch as it does latency;
/// <see cref="SubscriberCpuSeconds"/>: the same for the processes the subscribers run in, which share the machine's cores
/// with the servers (on two cores, what they take is not there for the servers).
/// </summary>
public sealed record FanoutStep(
    int Rate, int Published, double PublishSeconds, long Expected, long Received, double SpanSeconds, Percentiles? Latency, double ServerCpuSeconds,
    double SubscriberCpuSeconds)
{
    /// <summary>Server CPU milliseconds per 1,000 deliveries.</summary>
    public double CpuMsPerThousand => PerThousand(ServerCpuSeconds);

    /// <summary>Subscribers' CPU milliseconds per 1,000 deliveries.</summary>
    public double SubscriberCpuMsPerThousand => PerThousand(SubscriberCpuSeconds);

    private double PerThousand(double cpuSeconds) => Received > 0 ? cpuSeconds * 1000 / Received * 1000 : double.NaN;

    /// <summary>Events per second each subscriber received over the step.</summary>
    public double DeliveredPerSecond => Published / SpanSeconds;

    /// <summary>Deliveries per second over all subscribers.</summary>
    public double DeliveriesPerSecond => Received / SpanSeconds;

    /// <summary>Kept up: every event reached every subscriber, at 95 % of the rate or more (bench.mjs applies the same rule).</summary>
    public bool Sustained => Received == Expected && DeliveredPerSecond >= 0.95 * Rate;
}

/// <summary>
/// A fan-out run: memory per idle subscriber connection (the servers' growth while the last
/// <paramref name="MeasuredConnections"/> of them connected: RSS, and the live heap where it was read), then the rates in
/// turn until one is not sustained.
/// </summary>
public sealed record FanoutRun(
    string Name, int Subscribers, int MeasuredConnections, long RssBeforeKiB, long RssAfterKiB, IReadOnlyList<FanoutStep> Steps, LiveHeap? Heap = null)
{
    /// <summary>RSS growth per connection: includes garbage not yet collected and space the GC keeps committed.</summary>
    public double KiBPerConnection => (double)(RssAfterKiB - RssBeforeKiB) / MeasuredConnections;

    /// <summary>Live heap growth per connection: what the connections hold on the managed side.</summary>
    public double? HeapKiBPerConnection => Heap?.KiBPer(MeasuredConnections);

    /// <summary>The highest rate kept up, or null when even the first was not.</summary>
    public FanoutStep? BestSustained => Steps.Where(s => s.Sustained).MaxBy(s => s.Rate);
}
