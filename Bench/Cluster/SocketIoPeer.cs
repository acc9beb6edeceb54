using System.Globalization;
using System.Text.Json;

namespace Spaces.Bench.Cluster;

/// <summary>
/// socket.io (npm, pinned in Bench/peers/socketio) in the same fan-out: one server process broadcasting a publisher's
/// events to socket.io-client subscribers in a few client processes, at the same rates and for the same times
/// (bench.mjs). Its server's RSS growth while the last nine tenths of the subscribers connect gives its memory per idle connection.
/// </summary>
public static class SocketIoPeer
{
    private const string Script = "bench.mjs";
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromMinutes(20);

    public static string DefaultDirectory() => Path.Combine(NodeScripts.FindRepoRoot(), "Bench", "peers", "socketio");

    public static async Task<(string Version, FanoutRun Run)> RunAsync(
        FanoutSettings settings, int clientProcesses, string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "socket.io")))
        {
            throw new InvalidOperationException($"socket.io is not installed in {folder}: run `npm ci` there first.");
        }

        var c = CultureInfo.InvariantCulture;
        string[] arguments =
        [
            Path.Combine(folder, Script),
            settings.Subscribers.ToString(c),
            clientProcesses.ToString(c),
            string.Join(',', settings.Rates.Select(r => r.ToString(c))),
            settings.StepSeconds.ToString(c),
            settings.WarmUpSeconds.ToString(c),
            settings.DrainSeconds.ToString(c),
        ];
        var json = await ExternalProcess.RunAsync("node", arguments, folder, NodeTimeout, forwardStandardError: true, cancellationToken);
        var output = JsonSerializer.Deserialize<Output>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))
                     ?? throw new InvalidOperationException($"{Script} printed nothing");
        var steps = output.Steps.Select(s => new FanoutStep(
                s.Rate,
                s.Published,
                s.PublishSeconds,
                s.Expected,
                s.Received,
                s.SpanSeconds,
                s.Latency.P50 is { } p50 ? new Percentiles(p50, s.Latency.P90 ?? 0, s.Latency.P99 ?? 0, s.Latency.Max) : null,
                s.ServerCpuSeconds,
                s.ClientCpuSeconds))
            .ToArray();
        var run = new FanoutRun($"socket.io {output.Version}, 1 server", settings.Subscribers, output.Idle.Connections, output.Idle.RssBeforeKiB, output.Idle.RssAfterKiB, steps);
        return (output.Version, run);
    }

    private sealed record Output(string Version, Idle Idle, IReadOnlyList<Step> Steps);

    private sealed record Idle(int Connections, long RssBeforeKiB, long RssAfterKiB);

    private sealed record Step(
        int Rate, int Published, double PublishSeconds, long Expected, long Received, double SpanSeconds, Latency Latency, double ServerCpuSeconds, double ClientCpuSeconds);

    private sealed record Latency(double? P50, double? P90, double? P99, double Max);
}
