namespace Spaces.Bench.Cluster;

/// <summary>Everything one `spaces-bench cluster` run measured, with the machine's load at each stage.</summary>
public sealed record ClusterRun(
    int Hosts,
    IReadOnlyList<LatencyResult> Latency,
    IdleResult IdleWorkers,
    FanoutRun Spaces,
    FanoutRun SignalR,
    FanoutRun SocketIo,
    IReadOnlyList<string> Loads,
    int HostLogLines,
    int HostProblems,
    IReadOnlyList<string> FirstProblems);
