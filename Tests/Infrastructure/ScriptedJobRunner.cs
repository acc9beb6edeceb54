using System.Collections.Concurrent;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Datasets;

namespace Spaces.Tests.Infrastructure;

/// <summary>
/// The job runner of grain tests: it records the runs grains start and runs nothing, so the test plays the job and
/// reports through the grain. One instance serves every silo of the cluster; a run "dies" when the test says so.
/// </summary>
public sealed class ScriptedJobRunner : IJobRunner
{
    private readonly ConcurrentDictionary<string, JobTicket> _running = new();

    public ConcurrentQueue<JobTicket> Started { get; } = new();

    public ConcurrentQueue<string> Cancelled { get; } = new();

    public bool AcceptsJobs => true;

    public bool IsRunning(string runId) => _running.ContainsKey(runId);

    public void Start(JobTicket ticket)
    {
        _running[ticket.Id] = ticket;
        Started.Enqueue(ticket);
    }

    public void Cancel(string runId)
    {
        _running.TryRemove(runId, out _);
        Cancelled.Enqueue(runId);
    }

    /// <summary>The runs of one dataset, oldest first.</summary>
    public IReadOnlyList<JobTicket> RunsOf(string datasetId) => [.. Started.Where(t => t.DatasetId == datasetId)];

    /// <summary>As if the host running it died.</summary>
    public void Lose(string runId) => _running.TryRemove(runId, out _);
}
