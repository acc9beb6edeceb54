using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;
using Spaces.Silo.Storage;

namespace Spaces.Tests.Storage;

public sealed class StorageReadinessTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeLogger<StorageReadiness> _logger = new();

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
        var readiness = new StorageReadiness(probe, _time, _logger);

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
        var readiness = new StorageReadiness(probe, _time, _logger);

        var checks = Enumerable.Range(0, 5).Select(_ => readiness.CheckAsync()).ToList();
        Assert.All(checks, c => Assert.False(c.IsCompleted));
        _time.Advance(StorageReadiness.ProbeTimeout);
        var results = await Task.WhenAll(checks).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, probe.Calls);
        Assert.All(results, r => Assert.IsAssignableFrom<OperationCanceledException>(r.Failure));
    }

    [Fact]
    public async Task Check_LogsOnlyWhenStorageStopsAnswering_WithWhy_AndWhenItAnswersAgain_NotOnEveryFailedProbe()
    {
        var probe = new ScriptedProbe();
        var readiness = new StorageReadiness(probe, _time, _logger);
        Assert.True((await readiness.CheckAsync()).Healthy);

        probe.Behaviour = _ => throw new IOException("storage is out");
        for (var poll = 0; poll < 5; poll++)
        {
            _time.Advance(StorageReadiness.MaxAge);
            Assert.False((await readiness.CheckAsync()).Healthy);
        }
        probe.Behaviour = _ => Task.CompletedTask;
        _time.Advance(StorageReadiness.MaxAge);
        Assert.True((await readiness.CheckAsync()).Healthy);

        Assert.Equal(7, probe.Calls);
        var logged = _logger.Collector.GetSnapshot();
        Assert.Collection(logged,
            outage =>
            {
                Assert.Equal(LogLevel.Warning, outage.Level);
                Assert.IsType<IOException>(outage.Exception);
                Assert.Contains("the test's storage", outage.Message);
            },
            back =>
            {
                Assert.Equal(LogLevel.Information, back.Level);
                Assert.Null(back.Exception);
                // Out from the first failed probe to the first that answered: five polls of MaxAge apart.
                Assert.Contains($"after {(5 * StorageReadiness.MaxAge).TotalSeconds:F0} s", back.Message);
            });
    }
}
