using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Silo.Stores;

/// <summary>Reads across spaces, from the space directory and the spaces' grains.</summary>
public interface ISpaceQueries
{
    /// <summary>Every space, or those named <paramref name="name"/>, by name and then age.</summary>
    Task<IReadOnlyList<SpaceView>> ListAsync(string? name, CancellationToken cancellationToken);

    Task<SpaceView?> GetAsync(string spaceId, CancellationToken cancellationToken);

    /// <summary>The owner of a space, for token scoping; null if it does not exist.</summary>
    Task<string?> GetOwnerAsync(string spaceId, CancellationToken cancellationToken);
}
