using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Spaces.Bench;

/// <summary>The managed heap left by a forced full collection, before and after connections opened (KiB).</summary>
public sealed record LiveHeap(long BeforeKiB, long AfterKiB)
{
    public double KiBPer(int connections) => (double)(AfterKiB - BeforeKiB) / connections;
}

/// <summary>
/// A process's live managed heap, read over its diagnostics port (EventPipe) as dotnet-gcdump does it, without the heap
/// walk: enabling the runtime's GCHeapCollect keyword makes it run a full, blocking collection, and the GCHeapStats event
/// at its end says how many bytes survived in each generation. RSS counts garbage not yet collected and space the GC keeps
/// committed; this counts only objects still reachable, so it is what idle connections really hold on the managed side.
/// </summary>
public static class GcHeapReading
{
    private const long GcHeapCollectKeyword = 0x800000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Bytes reachable after a forced full collection of process <paramref name="processId"/>, in KiB.</summary>
    public static async Task<long> LiveKiBAfterFullGcAsync(int processId, CancellationToken cancellationToken)
    {
        var client = new DiagnosticsClient(processId);
        var providers = new[]
        {
            new EventPipeProvider(ClrTraceEventParser.ProviderName, EventLevel.Informational, (long)ClrTraceEventParser.Keywords.GC | GcHeapCollectKeyword),
        };
        using var session = await client.StartEventPipeSessionAsync(providers, requestRundown: false, circularBufferMB: 16, cancellationToken);
        var live = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            var fullGc = false;
            source.Clr.GCStart += e => fullGc = e.Depth == 2 && e.Type == GCType.NonConcurrentGC;
            source.Clr.GCHeapStats += e =>
            {
                if (fullGc)
                {
                    // After a full collection every surviving byte was promoted out of its generation (or stayed in LOH/POH).
                    live.TrySetResult(e.TotalPromoted / 1024);
                }
            };
            source.Process();
        }, CancellationToken.None);
        try
        {
            return await live.Task.WaitAsync(Timeout, cancellationToken);
        }
        finally
        {
            await session.StopAsync(CancellationToken.None);
            await reading.WaitAsync(Timeout, CancellationToken.None);
        }
    }
}
