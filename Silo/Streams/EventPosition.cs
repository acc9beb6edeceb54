namespace Spaces.Silo.Streams;

/// <summary>Where a committed event stands: enough to wake followers (and, in a cluster, all a NOTIFY may carry).</summary>
public readonly record struct EventPosition(string Channel, long Seq);
