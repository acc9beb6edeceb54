namespace Spaces.Grains.Runtime;

/// <summary>
/// What a grain sees during one turn: the state stores bound to the turn's transaction, and the event sink.
/// The runtime commits every write and every emitted event together, or none of them.
/// </summary>
public interface ITurn
{
    ISpaceStore Spaces { get; }


    /// <summary>Queues an event for <paramref name="channel"/>; it gets its <c>seq</c> and becomes visible on commit.</summary>
    void Emit(string channel, string type, object data);
}
