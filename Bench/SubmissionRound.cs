using System.Collections.Concurrent;
using System.Diagnostics;
using Spaces.Worker.Sdk;

namespace Spaces.Bench;

/// <summary>What one round of submissions measured.</summary>
public sealed record RoundResult(
    Percentiles SubmitToReceived, Percentiles SubmitToAccepted, double SubmittedPerSecond, double CompletedPerSecond, int Redeliveries);

/// <summary>
/// One batch of requests spread round-robin over the spaces by concurrent submitters. The handler looks up the submit time by
/// the prompt (which carries a unique id), so submitter and worker share one clock: <see cref="Stopwatch.GetTimestamp"/>.
/// </summary>
public sealed class SubmissionRound(string runId, int requests)
{
    private const int SampleSize = 20;
    private readonly ConcurrentDictionary<string, long> _submittedAt = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, double> _latencyMs = new(StringComparer.Ordinal);
    private readonly double[] _acceptedMs = new double[requests];
    private readonly ConcurrentDictionary<string, string> _lastHandledBySpace = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _allHandled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _receipts = new(StringComparer.Ordinal);
    private readonly string[] _requestIds = new string[requests];
    private int _handled;
    private int _redeliveries;

    /// <summary>The worker side: records when the request reached the handler, answers at once.</summary>
    public Task<object?> HandleAsync(WorkerJob job)
    {
        var receivedAt = Stopwatch.GetTimestamp();
        var prompt = job.Request.Prompt;
        if (!_submittedAt.TryGetValue(prompt, out var submittedAt)
            || !_latencyMs.TryAdd(prompt, Stopwatch.GetElapsedTime(submittedAt, receivedAt).TotalMilliseconds))
        {
            Interlocked.Increment(ref _redeliveries); // a second delivery of the same request, or one this round did not send
        }
        else
        {
            // Each worker runs its jobs one at a time and sends Complete before the next, so its last job completes last.
            _lastHandledBySpace[job.Request.SpaceId] = job.Request.RequestId;
            if (_receipts.TryGetValue(prompt, out var receipt))
            {
                receipt.TrySetResult();
            }
            if (Interlocked.Increment(ref _handled) == requests)
            {
                _allHandled.TrySetResult();
            }
        }

        return Task.FromResult<object?>(new { ok = true });
    }

    public async Task<RoundResult> RunAsync(
        IReadOnlyList<AdminApi> apis, IReadOnlyList<BenchSpace> spaces, int submitters, bool closedLoop, string phase, CancellationToken cancellationToken)
    {
        var next = -1;
        var started = Stopwatch.GetTimestamp();
        var submitting = Enumerable.Range(0, submitters).Select(submitter => Task.Run(
            async () =>
            {
                var api = apis[submitter % apis.Count]; // spread over the hosts of a cluster
                int i;
                while ((i = Interlocked.Increment(ref next)) < requests)
                {
                    var prompt = $"{runId}-{i}";
                    // Closed loop: the next request waits until the worker has this one, so no queue builds up.
                    var receipt = closedLoop ? _receipts.GetOrAdd(prompt, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)) : null;
                    var submittedAt = _submittedAt[prompt] = Stopwatch.GetTimestamp();
                    _requestIds[i] = await api.SubmitAsync(spaces[i % spaces.Count].Id, prompt, cancellationToken);
                    _acceptedMs[i] = Stopwatch.GetElapsedTime(submittedAt).TotalMilliseconds; // the POST's own round trip: HTTP, auth, the grain's turn
                    if (receipt is not null)
                    {
                        await Phase.WaitAsync(receipt.Task, TimeSpan.FromSeconds(30), $"{phase}: the worker receiving {prompt}", cancellationToken);
                    }
                }
            },
            cancellationToken));
        var timeout = TimeSpan.FromSeconds(60 + (requests / 50));
        await Phase.WaitAsync(Task.WhenAll(submitting), timeout, $"{phase}: submitting {requests} requests", cancellationToken);
        var submitted = Stopwatch.GetElapsedTime(started);
        try
        {
            await Phase.WaitAsync(_allHandled.Task, timeout, $"{phase}: workers receiving {requests} requests", cancellationToken);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message} Received {Volatile.Read(ref _handled)} of them.", e);
        }

        await ConfirmCompletedAsync(apis[0], phase, cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        return new RoundResult(
            Percentiles.Of(_latencyMs.Values.ToArray()),
            Percentiles.Of(_acceptedMs),
            SubmittedPerSecond: requests / submitted.TotalSeconds,
            CompletedPerSecond: requests / elapsed.TotalSeconds,
            Redeliveries: Volatile.Read(ref _redeliveries));
    }

    /// <summary>Polls the last request of every worker and a random sample until GET /api/requests/{id} says <c>completed</c>.</summary>
    private async Task ConfirmCompletedAsync(AdminApi api, string phase, CancellationToken cancellationToken)
    {
        var pending = _lastHandledBySpace.Values
            .Concat(Enumerable.Range(0, SampleSize).Select(_ => _requestIds[Random.Shared.Next(_requestIds.Length)]))
            .ToHashSet(StringComparer.Ordinal);
        await Phase.UntilAsync(
            async ct =>
            {
                var statuses = await Task.WhenAll(pending.Select(async id => (Id: id, Status: await api.GetStatusAsync(id, ct))));
                foreach (var (id, status) in statuses)
                {
                    if (status is "failed" or "cancelled")
                    {
                        throw new InvalidOperationException($"{phase}: request {id} ended {status}, not completed.");
                    }

                    if (status == "completed")
                    {
                        pending.Remove(id);
                    }
                }

                return pending.Count == 0;
            },
            interval: TimeSpan.FromMilliseconds(10),
            timeout: TimeSpan.FromSeconds(60),
            $"{phase}: sampled requests reaching status completed",
            cancellationToken);
    }
}
