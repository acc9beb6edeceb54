using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Grains.Spaces;

public sealed class SpaceDirectoryGrain([PersistentState("directory", GrainStorage.Name)] IPersistentState<SpaceDirectoryState> directory)
    : Grain, ISpaceDirectoryGrain
{
    private List<SpaceDirectoryEntry> Spaces => directory.State.Spaces;

    public async Task SetAsync(string spaceId, string name)
    {
        var index = Spaces.FindIndex(e => e.Id == spaceId);
        if (index >= 0 && Spaces[index].Name == name)
        {
            return;
        }
        var entry = new SpaceDirectoryEntry(spaceId, name);
        if (index >= 0)
        {
            Spaces[index] = entry;
        }
        else
        {
            Spaces.Add(entry);
        }
        await WriteAsync();
    }

    public async Task RemoveAsync(string spaceId)
    {
        if (Spaces.RemoveAll(e => e.Id == spaceId) > 0)
        {
            await WriteAsync();
        }
    }

    /// <summary>A failed write leaves memory ahead of the store: the activation is dropped and the caller told to try again.</summary>
    private async Task WriteAsync()
    {
        try
        {
            await directory.WriteStateAsync();
        }
        catch (Exception e) when (e is not SpacesException)
        {
            DeactivateOnIdle();
            throw SpacesException.StorageUnavailable();
        }
    }

    public Task<IReadOnlyList<string>> FindAsync(string? name) =>
        Task.FromResult<IReadOnlyList<string>>([.. Spaces.Where(e => name is null || e.Name == name).Select(e => e.Id)]);
}
