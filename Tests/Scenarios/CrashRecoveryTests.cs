using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using Spaces.Worker.Sdk;

namespace Spaces.Tests.Scenarios;

/// <summary>
/// <c>kill -9</c> of the one host with requests queued and one in flight, then a restart on the same storage: once per
/// storage mode (the classes below), the same scenario.
/// </summary>
public abstract class CrashRecoveryTests
{
    /// <summary>
    /// The environment of both runs of the host: the second run is the same deployment restarted, so it reads the same
    /// storage (and, in a cluster mode, joins the same cluster at the same address).
    /// </summary>
    protected abstract IDictionary<string, string> HostEnvironment(string dataPath);

    [Fact]
    public async Task KillNine_WithRequestsQueued_EveryAcknowledgedRequestCompletesAfterRestart()
    {
        using var data = new TempFolder();
        var port = HostProcess.FreePort();
        var environment = HostEnvironment(data.Path);
        var first = await HostProcess.StartAsync(data.Path, port, environment);
        var baseUrl = first.BaseUrl;
        using var admin = await ApiClient.SignInAsync(baseUrl, "admin", SpacesHost.AdminPassword);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("CrashSpace"));
        var token = await admin.CreateTokenAsync(space.Id);
        var holdFirstRun = true;
        var worker = new SpacesWorker(new SpacesWorkerOptions
        {
            Host = baseUrl,
            Token = token,
            Spaces = [space.Name],
            ReconnectDelays = [TimeSpan.FromMilliseconds(200)],
        });
        var registrations = 0;
        worker.Registered += (_, _) => Interlocked.Increment(ref registrations);
        using var stop = new CancellationTokenSource();
        var run = worker.RunAsync(
            async (job, ct) =>
            {
                if (holdFirstRun)
                {
                    await Task.Delay(Timeout.Infinite, ct); // in flight when the host dies
                }
                return new { echo = job.Request.Prompt };
            },
            stop.Token);
        await Wait.UntilAsync(() => Task.FromResult(Volatile.Read(ref registrations) == 1), "worker registration");
        var accepted = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            accepted.Add((await admin.SubmitOkAsync(space.Id, $"request {i}")).RequestId);
        }

        await first.KillAsync();
        holdFirstRun = false;
        await using var second = await HostProcess.StartAsync(data.Path, port, environment);

        await Wait.UntilAsync(() => Task.FromResult(Volatile.Read(ref registrations) >= 2), "worker to reconnect and register with the restarted host",
            TimeSpan.FromSeconds(60));
        using var again = await ApiClient.SignInAsync(baseUrl, "admin", SpacesHost.AdminPassword);
        var views = new List<RequestView>();
        await Wait.UntilAsync(
            async () =>
            {
                views = [.. await Task.WhenAll(accepted.Select(again.GetRequestAsync))];
                return views.All(v => v.Status == RequestStatuses.Completed);
            },
            "every acknowledged request to complete after the restart",
            TimeSpan.FromSeconds(60));
        Assert.Equal(2, views[0].Attempts);
        Assert.All(views.Skip(1), v => Assert.Equal(1, v.Attempts));
        Assert.Equal(accepted.Select((_, i) => $"request {i}"), views.Select(v => v.Result!.Value.GetProperty("echo").GetString()));
        // FIFO across the restart: each request started after the one before it.
        Assert.All(views.Zip(views.Skip(1)), p => Assert.True(p.First.StartedAt <= p.Second.StartedAt, $"{p.First.RequestId} started after {p.Second.RequestId}"));
        await stop.CancelAsync();
        await Wait.ForAsync(run, "worker to stop");
    }
}

public sealed class EmbeddedCrashRecoveryTests : CrashRecoveryTests
{
    protected override IDictionary<string, string> HostEnvironment(string dataPath) => new Dictionary<string, string>();
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageCrashRecoveryTests(AzuriteFixture azurite) : CrashRecoveryTests
{
    protected override IDictionary<string, string> HostEnvironment(string dataPath)
    {
        // A service of its own (HostSettings), so no other host on this Azurite shares its grains; the same settings and
        // silo port for both runs, so the restarted silo declares its killed predecessor dead as it joins instead of
        // waiting for probes to time out.
        var settings = azurite.HostSettings(new Dictionary<string, string?>
        {
            ["Spaces:Cluster:SiloPort"] = $"{HostProcess.FreeSiloPort()}",
        });
        return settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
    }
}
