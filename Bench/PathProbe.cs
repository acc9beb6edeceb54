using System.Diagnostics;

namespace Spaces.Bench;

/// <summary>Round trips of three GETs, each one more hop of a submission's path than the one before, one at a time.</summary>
public sealed record PathProbeResult(Percentiles Health, Percentiles Me, Percentiles Space);

/// <summary>
/// Where the unloaded latency goes, measured from outside the host: GET /health (loopback HTTP and Kestrel), GET
/// /api/auth/me (plus the cookie check and the user's session), GET /api/spaces/{id} (plus the space lookup a submission
/// makes first). The POST → 202 and POST → worker-received times of the unloaded scenario add the submission itself and
/// the dispatch to the worker.
/// </summary>
public static class PathProbe
{
    public static async Task<PathProbeResult> RunAsync(AdminApi api, string spaceId, int count, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine($"[path probe] {count} each of GET /health, /api/auth/me, /api/spaces/{{id}}");
        var paths = new[] { "health", "api/auth/me", $"api/spaces/{spaceId}" };
        foreach (var path in paths)
        {
            for (var i = 0; i < Math.Min(count, 100); i++)
            {
                await api.GetOkAsync(path, cancellationToken); // warm-up
            }
        }

        var timings = new Percentiles[paths.Length];
        for (var p = 0; p < paths.Length; p++)
        {
            var milliseconds = new double[count];
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await api.GetOkAsync(paths[p], cancellationToken);
                milliseconds[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            timings[p] = Percentiles.Of(milliseconds);
        }

        return new PathProbeResult(timings[0], timings[1], timings[2]);
    }
}
