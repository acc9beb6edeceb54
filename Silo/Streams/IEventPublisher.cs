namespace Spaces.Silo.Streams;

/// <summary>Tells the cluster that events were committed. Embedded: in process. Cluster: NOTIFY with <c>channel|seq</c>.</summary>
public interface IEventPublisher
{
    Task PublishAsync(IReadOnlyList<EventPosition> committed, CancellationToken cancellationToken);
}
