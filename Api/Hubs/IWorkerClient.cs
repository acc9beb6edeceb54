using Spaces.Grains.Abstractions.Workers;

namespace Spaces.Api.Hubs;

/// <summary>What the server calls on a worker.</summary>
public interface IWorkerClient
{
    Task Request(WorkerRequest request);

    Task Cancel(WorkerCancel cancel);
}
