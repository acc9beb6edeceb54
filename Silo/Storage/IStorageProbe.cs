namespace Spaces.Silo.Storage;

/// <summary>One cheap round trip to the configured storage; throws when it does not answer. <see cref="StorageReadiness"/> caches it.</summary>
public interface IStorageProbe
{
    /// <summary>What is probed, for the health report (never a key or a connection string).</summary>
    string Describe { get; }

    Task ProbeAsync(CancellationToken cancellationToken);
}
