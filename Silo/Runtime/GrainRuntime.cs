using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Runtime;
using Spaces.Silo.Streams;

namespace Spaces.Silo.Runtime;

/// <summary>
/// Runs grain calls as turns: take the grain's lock, open the turn's transaction, run the method, commit state and
/// emitted events together, release, then publish the committed events. A call that threw changed nothing.
/// </summary>
public sealed class GrainRuntime(IGrainStorage storage, IEventPublisher publisher, KeyedLocks locks)
{
    public async Task<T> RunTurnAsync<T>(string grainKey, Func<ITurn, Task<T>> body, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<EventPosition> committed;
        T result;
        using (await locks.AcquireAsync(grainKey, cancellationToken))
        {
            await using var transaction = await storage.BeginTurnAsync(grainKey, cancellationToken);
            var turn = new Turn(transaction.Spaces);
            result = await body(turn);
            committed = await transaction.CommitAsync(turn.Events, cancellationToken);
        }
        if (committed.Count > 0)
        {
            await publisher.PublishAsync(committed, cancellationToken);
        }
        return result;
    }

    public Task RunTurnAsync(string grainKey, Func<ITurn, Task> body, CancellationToken cancellationToken = default) =>
        RunTurnAsync(grainKey, async turn =>
        {
            await body(turn);
            return true;
        }, cancellationToken);

    private sealed class Turn(ISpaceStore spaces) : ITurn
    {
        public List<PendingEvent> Events { get; } = [];

        public ISpaceStore Spaces { get; } = spaces;

        public void Emit(string channel, string type, object data) =>
            Events.Add(new PendingEvent(channel, type, JsonSerializer.Serialize(data, data.GetType(), SpacesJson.Options)));
    }
}
