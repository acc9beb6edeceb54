using Spaces.Grains.Runtime;
using Spaces.Silo.Streams;

namespace Spaces.Silo.Runtime;

/// <summary>Where turns run: one transaction per turn, holding the grain's lock for its whole length.</summary>
public interface IGrainStorage
{
    Task<ITurnTransaction> BeginTurnAsync(string grainKey, CancellationToken cancellationToken);
}

/// <summary>One turn's transaction. Disposing without committing rolls everything back.</summary>
public interface ITurnTransaction : IAsyncDisposable
{
    ISpaceStore Spaces { get; }


    /// <summary>Appends the events (assigning each its next <c>seq</c> in its channel) and commits with the state.</summary>
    Task<IReadOnlyList<EventPosition>> CommitAsync(IReadOnlyList<PendingEvent> events, CancellationToken cancellationToken);
}

/// <summary>An event emitted during a turn, before it has its <c>seq</c>.</summary>
public sealed record PendingEvent(string Channel, string Type, string DataJson);
