namespace Spaces.Tests.Cluster;

/// <summary>A storage outage of the whole cluster: its private Azurite stopped and started again, on the same ports and folder.</summary>
public sealed partial class ClusterFixture
{
    /// <summary>SIGTERM, as a service stops: Azurite saves what it holds, then its ports refuse connections.</summary>
    public Task StopStorageAsync() => _azurite.StopAsync();

    /// <summary>Azurite again, with what it held when it stopped.</summary>
    public Task StartStorageAsync() => _azurite.StartAsync();

    public bool StorageIsRunning => _azurite.IsRunning;
}
