using System.Text.Json;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Runtime;
using Spaces.Grains.Spaces;

namespace Spaces.Silo.Runtime;

/// <summary>An <see cref="ISpaceGrain"/> whose every call runs as one turn of the space's grain.</summary>
internal sealed class SpaceGrainReference(string spaceId, GrainRuntime runtime, TimeProvider time, SpaceGrainOptions options)
    : GrainReference<SpaceGrain>($"space/{spaceId}", runtime), ISpaceGrain
{
    public Task<SpaceView> CreateAsync(SpaceDefinition definition, string ownerId) => Run(g => g.CreateAsync(definition, ownerId));

    public Task<SpaceView> UpdateAsync(SpaceDefinition definition) => Run(g => g.UpdateAsync(definition));

    public Task DeleteAsync() => Run(g => g.DeleteAsync());

    public Task AttachWorkerAsync(string connectionId, string nodeId) => Run(g => g.AttachWorkerAsync(connectionId, nodeId));

    public Task DetachWorkerAsync(string connectionId, string reason) => Run(g => g.DetachWorkerAsync(connectionId, reason));

    public Task<RequestAccepted> SubmitAsync(NewRequest request) => Run(g => g.SubmitAsync(request));

    public Task ReportProgressAsync(string connectionId, string requestId, double percent, string? message) =>
        Run(g => g.ReportProgressAsync(connectionId, requestId, percent, message));

    public Task CompleteAsync(string connectionId, string requestId, JsonElement result) => Run(g => g.CompleteAsync(connectionId, requestId, result));

    public Task FailAsync(string connectionId, string requestId, string error) => Run(g => g.FailAsync(connectionId, requestId, error));

    public Task CancelAsync(string requestId, string reason) => Run(g => g.CancelAsync(requestId, reason));

    public Task<ResultFile?> SaveResultFileAsync(string requestId, ResultFile file) => Run(g => g.SaveResultFileAsync(requestId, file));

    public Task<int> ExpireQueuedAsync() => Run(g => g.ExpireQueuedAsync());

    protected override SpaceGrain Activate(ITurn turn) => new(spaceId, turn, time, options);
}
