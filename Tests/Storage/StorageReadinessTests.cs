using Microsoft.Extensions.Time.Testing;
using Spaces.Silo.Storage;

namespace Spaces.Tests.Storage;

public sealed class StorageReadinessTests
{
    private readonly FakeTimeProvider _time = new();

    /// <summary>A probe that counts its calls and does what the test says.</summary>
    private sealed class ScriptedProbe : IStorageProbe
    {
        private int _calls;

        public Func<CancellationToken, Task> Behaviour { get; set; } = _ => Task.CompletedTask;

        public int Calls => _calls;

        public string Describe => "the test's storage";

        public Task ProbeAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Behaviour(cancellationToken);
        }
    }

    [Fact]
    public async Task Check_WithinMaxAge_ReusesTheLastProbe_ThenProbesAgainAndSeesTheChange()
    {
        var probe = new ScriptedProbe();
        var readiness = new StorageReadiness(probe, _time);

        Assert.True((await readiness.CheckAsync()).Healthy);
        probe.Behaviour = _ => throw new IOException("storage is out");
        _time.Advance(StorageReadiness.MaxAge / 2);
        Assert.True((await readiness.CheckAsync()).Healthy);
        Assert.Equal(1, probe.Calls);

        _time.Advance(StorageReadiness.MaxAge);
        var failed = await readiness.CheckAsync();

        Assert.Equal(2, probe.Calls);
        Assert.False(failed.Healthy);
        Assert.IsType<IOException>(failed.Failure);
    }

    [Fact]
    public async Task Check_OfAProbeThatDoesNotAnswer_IsSharedByConcurrentCallers_AndUnhealthyAtTheProbeTimeout()
    {
        var probe = new ScriptedProbe { Behaviour = ct => Task.Delay(Timeout.InfiniteTimeSpan, ct) };
        var readiness = new StorageReadiness(probe, _time);

        var checks = Enumerable.Range(0, 5).Select(_ => readiness.CheckAsync()).ToList();
        Assert.All(checks, c => Assert.False(c.IsCompleted));
        _time.Advance(StorageReadiness.ProbeTimeout);
        var results = await Task.WhenAll(checks).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, probe.Calls);
        Assert.All(results, r => Assert.IsAssignableFrom<OperationCanceledException>(r.Failure));
    }
}
