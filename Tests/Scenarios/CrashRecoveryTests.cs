using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using Spaces.Worker.Sdk;

namespace Spaces.Tests.Scenarios;

public sealed class CrashRecoveryTests
{
    [Fact]
    public async Task KillNine_WithRequestsQueued_EveryAcknowledgedRequestCompletesAfterRestart()
    {
        using var data = new TempFolder();
        var port = HostProcess.FreePort();
        var first = await HostProcess.StartAsync(data.Path, port);
        var baseUrl = first.BaseUrl;
        using var admin = await ApiClient.SignInAsync(baseUrl, "admin", SpacesHost.AdminPassword);
        var space = await admin.CreateSpaceAsync("CrashSpace");
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
        await using var second = await HostProcess.StartAsync(data.Path, port);

        await Wait.UntilAsync(() => Task.FromResult(Volatile.Read(ref registrations) >= 2), "worker to reconnect and register with the restarted host");
        using var again = await ApiClient.SignInAsync(baseUrl, "admin", SpacesHost.AdminPassword);
        var views = new List<RequestView>();
        await Wait.UntilAsync(
            async () =>
            {
                views = [.. await Task.WhenAll(accepted.Select(again.GetRequestAsync))];
                return views.All(v => v.Status == RequestStatuses.Completed);
            },
            "every acknowledged request to complete after the restart",
            TimeSpan.FromSeconds(30));
        Assert.Equal(2, views[0].Attempts);
        Assert.All(views.Skip(1), v => Assert.Equal(1, v.Attempts));
        Assert.Equal(accepted.Select((_, i) => $"request {i}"), views.Select(v => v.Result!.Value.GetProperty("echo").GetString()));
        await stop.CancelAsync();
        await Wait.ForAsync(run, "worker to stop");
    }
}
