using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Events;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Runtime;

namespace Spaces.Grains.Spaces;

/// <summary>
/// The owner of one space. Constructed for one turn; every method validates, changes state through the turn's
/// store and emits events, and the runtime commits both. Split by concern: definition here, workers, queue, results.
/// </summary>
public sealed partial class SpaceGrain(string spaceId, ITurn turn, TimeProvider time, SpaceGrainOptions options) : ISpaceGrain
{
    private readonly ISpaceStore _store = turn.Spaces;

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    private string StatusChannel => Channels.SpaceStatus(spaceId);

    public async Task<SpaceView> CreateAsync(SpaceDefinition definition, string ownerId)
    {
        Validate(definition);
        if (await _store.GetSpaceAsync(spaceId) is not null)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Space {spaceId} already exists");
        }
        var space = Apply(new SpaceState { Id = spaceId, Name = definition.Name, OwnerId = ownerId, CreatedAt = Now }, definition);
        await _store.InsertSpaceAsync(space);
        return SpaceViews.From(space, oldestQueuedAt: null);
    }

    public async Task<SpaceView> UpdateAsync(SpaceDefinition definition)
    {
        Validate(definition);
        var space = Apply(await LoadAsync(), definition);
        await _store.UpdateSpaceAsync(space);
        return SpaceViews.From(space, oldestQueuedAt: null);
    }

    /// <summary>Removes the space; its open requests end as cancelled so nobody waits on them forever.</summary>
    public async Task DeleteAsync()
    {
        var space = await LoadAsync();
        if (space.InFlightRequestId is { } inFlight && await _store.GetRequestAsync(inFlight) is { } running)
        {
            await EndAsync(running, RequestStatuses.Cancelled, "Space deleted");
            NotifyWorkerOfCancel(running);
        }
        foreach (var id in await _store.GetQueuedIdsAsync(spaceId, int.MaxValue))
        {
            if (await _store.GetRequestAsync(id) is { } queued)
            {
                await EndAsync(queued, RequestStatuses.Cancelled, "Space deleted");
            }
        }
        await _store.DeleteSpaceAsync(spaceId);
    }

    private async Task<SpaceState> LoadAsync() =>
        await _store.GetSpaceAsync(spaceId) ?? throw SpacesException.SpaceNotFound(spaceId);

    private static SpaceState Apply(SpaceState space, SpaceDefinition d) => space with
    {
        Name = d.Name.Trim(),
        Description = d.Description.Trim(),
        Cover = d.Cover,
        InputPrompt = d.Inputs.Prompt,
        InputAudio = d.Inputs.Audio,
        InputVideo = d.Inputs.Video,
        InputImage = d.Inputs.Image,
        InputFile = d.Inputs.File,
    };

    private static void Validate(SpaceDefinition d)
    {
        if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Trim().Length > 100)
        {
            throw new SpacesException(ErrorCode.InvalidInput, "A space needs a name of 1 to 100 characters");
        }
        if (d.Name.Contains(',', StringComparison.Ordinal))
        {
            // Workers pass several names as one comma-separated list.
            throw new SpacesException(ErrorCode.InvalidInput, "A space name cannot contain a comma");
        }
        if (SpaceNames.Problem(d.Name) is { } problem)
        {
            throw new SpacesException(ErrorCode.InvalidInput, problem);
        }
        if (d.Description.Length > 2000)
        {
            throw new SpacesException(ErrorCode.InvalidInput, "A description is at most 2000 characters");
        }
    }

    private void EmitQueueChanged(SpaceState space) =>
        turn.Emit(StatusChannel, EventTypes.QueueChanged, new QueueChanged(spaceId, space.WorkerConnectionId is not null, space.QueueSize));

    private static JsonElement ToJson(object value) => JsonSerializer.SerializeToElement(value, SpacesJson.Options);
}
