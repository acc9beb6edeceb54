using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Storage.Azure;
using Spaces.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Spaces.Tests.Cluster;

/// <summary>The cluster's storage (its Azurite) stopped under load and started again; the hosts are never restarted.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterOutageTests(ClusterFixture cluster, ITestOutputHelper output)
{
    /// <summary>No call may take longer than this, outage or not: a client waiting on a dead storage account is a hang.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan OutageLength = TimeSpan.FromSeconds(15);

    private sealed record Answer(TimeSpan At, string Host, string Call, int Status, string? Code, TimeSpan Took, string? RequestId);

    [Fact]
    public async Task AzuriteStoppedUnderLoad_Answers503StorageUnavailable_ReadinessFollows_AndTheHostsRecoverWithNothingAcceptedLost()
    {
        var hosts = Enumerable.Range(0, ClusterFixture.WebHostCount).Select(cluster.WebHost).ToList();
        using var admin = await cluster.AdminOnAsync(hosts[0].BaseUrl);
        var space = await admin.CreateSpaceAsync($"outage-{Guid.NewGuid():N}"[..20]);
        var token = await admin.CreateTokenAsync(space.Id);
        await using var worker = TestWorker.Start(cluster.Balancer.BaseUrl, token, [space.Name]);
        await worker.RegisteredAsync();
        // A user of its own on each host, signed in before the outage: sessions must hold through it.
        var users = new List<ApiClient>();
        foreach (var host in hosts)
        {
            users.Add(await NewUserOnAsync(admin, host.BaseUrl));
        }

        var clock = Stopwatch.StartNew();
        var answers = new ConcurrentQueue<Answer>();
        var probes = new ConcurrentQueue<(TimeSpan At, string Host, string Path, int Status)>();
        using var stop = new CancellationTokenSource();
        var load = new List<Task>();
        for (var i = 0; i < hosts.Count; i++)
        {
            var (host, user) = (hosts[i].Name, users[i]);
            load.Add(SubmitLoopAsync(host, user));
            load.Add(ReadLoopAsync(host, user));
            load.Add(ProbeLoopAsync(host, hosts[i].BaseUrl));
        }

        TimeSpan stoppedAt, startedAt;
        try
        {
            await Wait.UntilAsync(() => Task.FromResult(Accepted().Count >= 6), "submissions accepted before the outage", TimeSpan.FromSeconds(30));

            var stopping = clock.Elapsed;
            await cluster.StopStorageAsync();
            stoppedAt = clock.Elapsed;
            output.WriteLine($"Azurite stopped (SIGTERM to exit: {(stoppedAt - stopping).TotalSeconds:0.0} s)");
            await Wait.UntilAsync(
                () => Task.FromResult(answers.Any(a => a.At > stoppedAt && a.Call == "submit" && a.Code == "StorageUnavailable")),
                "a submission refused 503 StorageUnavailable during the outage", TimeSpan.FromSeconds(20));
            await Wait.UntilAsync(
                () => Task.FromResult(hosts.All(h => probes.Any(p => p.At > stoppedAt && p.Host == h.Name && p.Path == "/health/ready" && p.Status == 503))),
                "every host's /health/ready to turn unready", TimeSpan.FromSeconds(20));
            var rest = OutageLength - (clock.Elapsed - stoppedAt);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }

            var starting = clock.Elapsed;
            await cluster.StartStorageAsync();
            startedAt = clock.Elapsed;
            output.WriteLine($"Azurite listening again {(startedAt - stoppedAt).TotalSeconds:0.0} s after it stopped (its start took {(startedAt - starting).TotalSeconds:0.0} s)");
            await Wait.UntilAsync(
                () => Task.FromResult(hosts.All(h => probes.Any(p => p.At > startedAt && p.Host == h.Name && p.Path == "/health/ready" && p.Status == 200))),
                "every host's /health/ready to be ready again", TimeSpan.FromSeconds(60));
            await Wait.UntilAsync(
                () => Task.FromResult(hosts.All(h => answers.Any(a => a.At > startedAt && a.Host == h.Name && a.Call == "submit" && a.Status == 202))),
                "each host to accept submissions again", TimeSpan.FromSeconds(60));
            // A little more load on the recovered cluster, then the load stops.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load);
            if (!cluster.StorageIsRunning)
            {
                await cluster.StartStorageAsync();
            }
        }

        var during = answers.Where(a => a.At > stoppedAt && a.At < startedAt).ToList();
        Report(answers, probes, stoppedAt, startedAt);

        // Never a fault, never a hang: outage or not, every answer is a success or a 503 StorageUnavailable in problem details.
        Assert.All(answers, a => Assert.True(
            a.Status is 200 or 202 || (a.Status == 503 && a.Code == "StorageUnavailable"),
            $"{a.Call} on {a.Host} at {a.At.TotalSeconds:0.0} s: {a.Status} {a.Code} after {a.Took.TotalSeconds:0.0} s"));
        Assert.Contains(during, a => a.Call == "submit" && a.Status == 503);
        // A submission sent during the outage is accepted only once storage is back (it waited out a retry), never before.
        Assert.DoesNotContain(during, a => a.Call == "submit" && a.Status == 202 && a.At + a.Took < startedAt);
        // Liveness never asks storage: it stays 200 through the outage.
        Assert.All(probes.Where(p => p.Path == "/health"), p => Assert.Equal(200, p.Status));

        // Recovered without a restart: every process is the one started with the cluster, membership intact, the worker serving.
        Assert.All(cluster.Nodes.Where(n => n.Kind == ClusterNodeKind.WebHost), n => Assert.True(n.IsAlive, $"{n.Name} died"));
        foreach (var host in hosts)
        {
            using var http = new HttpClient { Timeout = CallTimeout };
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"{host.BaseUrl}/health/ready")).StatusCode);
        }
        var active = await ActiveSilosAsync();
        Assert.All(cluster.Nodes.Where(n => n.IsAlive), n => Assert.Contains(n.SiloPort, active));
        // Every submission that got a 202 completes: none lost. A lease stored as storage stopped (the write landed, its answer
        // was cut) was never sent: the space's next check (every 10 s) sends it. One whose worker's host does not answer
        // waits for the space's worker lease to run out and is dispatched again, so the bound is that lease and a check.
        var settling = Stopwatch.StartNew();
        foreach (var accepted in Accepted())
        {
            var owner = users[hosts.FindIndex(h => h.Name == accepted.Host)];
            RequestView? view = null;
            try
            {
                await Wait.UntilAsync(
                    async () => RequestStatuses.IsFinished((view = await owner.GetRequestAsync(accepted.RequestId!)).Status),
                    $"request {accepted.RequestId} (accepted on {accepted.Host} at {accepted.At.TotalSeconds:0.0} s) to finish", TimeSpan.FromSeconds(90));
            }
            catch (TimeoutException e)
            {
                // What the space, the worker and the hosts knew of it: enough to tell a lost dispatch from a slow one.
                var said = cluster.Nodes.SelectMany(n => n.Output.Split('\n').Where(l => l.Contains(accepted.RequestId!, StringComparison.Ordinal)).Select(l => $"{n.Name}: {l.Trim()}"));
                throw new TimeoutException(
                    $"{e.Message}; it was {view?.Status} at attempt {view?.Attempts}, the worker received it {worker.Received.Count(r => r.RequestId == accepted.RequestId)} " +
                    $"times ({worker.Received.Count} dispatches in all); the hosts said: {string.Join(" | ", said.DefaultIfEmpty("nothing"))}", e);
            }
            Assert.True(view!.Status == RequestStatuses.Completed, $"request {accepted.RequestId} ended {view.Status}: {view.Error}");
            if (view.Attempts > 1)
            {
                output.WriteLine($"request {accepted.RequestId} completed at attempt {view.Attempts}");
            }
        }
        output.WriteLine($"every accepted request had completed {settling.Elapsed.TotalSeconds:0.0} s after the load stopped");
        Assert.True((await admin.GetSpaceAsync(space.Id)).WorkerConnected, "the worker is connected to the space after the outage");
        Assert.False(worker.Run.IsCompleted, $"the worker stopped: {worker.Run.Exception?.InnerException?.Message}");
        output.WriteLine($"{Accepted().Count} submissions accepted, all completed; {worker.Received.Count} dispatches received by the worker");

        List<Answer> Accepted() => [.. answers.Where(a => a.Call == "submit" && a.Status == 202)];

        async Task SubmitLoopAsync(string host, ApiClient user)
        {
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                await Call(host, "submit", user, () => new HttpRequestMessage(HttpMethod.Post, $"/api/spaces/{space.Id}/requests")
                {
                    Content = JsonContent.Create(new { prompt = $"{host} #{n}" }),
                });
                await Pause(TimeSpan.FromMilliseconds(150));
            }
        }

        async Task ReadLoopAsync(string host, ApiClient user)
        {
            string[] paths = [$"/api/spaces/{space.Id}", "/api/spaces", "/api/auth/me", "/api/datasets"];
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var path = paths[n % paths.Length];
                await Call(host, $"GET {path}", user, () => new HttpRequestMessage(HttpMethod.Get, path));
                await Pause(TimeSpan.FromMilliseconds(150));
            }
        }

        async Task ProbeLoopAsync(string host, string baseUrl)
        {
            using var http = new HttpClient { Timeout = CallTimeout };
            while (!stop.IsCancellationRequested)
            {
                foreach (var path in new[] { "/health/ready", "/health" })
                {
                    int status;
                    try
                    {
                        using var response = await http.GetAsync($"{baseUrl}{path}");
                        status = (int)response.StatusCode;
                    }
                    catch (TaskCanceledException)
                    {
                        status = 0; // no answer within the timeout: the asserts name it
                    }
                    probes.Enqueue((clock.Elapsed, host, path, status));
                }
                await Pause(TimeSpan.FromMilliseconds(250));
            }
        }

        async Task Call(string host, string call, ApiClient user, Func<HttpRequestMessage> request)
        {
            var started = clock.Elapsed;
            using var timeout = new CancellationTokenSource(CallTimeout);
            using var message = request();
            int status;
            string? code = null, requestId = null;
            try
            {
                using var response = await user.Http.SendAsync(message, timeout.Token);
                status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(timeout.Token);
                if (status >= 400 && text.Length > 0)
                {
                    Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
                    code = JsonSerializer.Deserialize<JsonElement>(text).GetProperty("code").GetString();
                }
                else if (status == 202)
                {
                    requestId = JsonSerializer.Deserialize<RequestAccepted>(text, SpacesJson.Options)!.RequestId;
                }
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                (status, code) = (0, $"no answer within {CallTimeout.TotalSeconds} s");
            }
            answers.Enqueue(new Answer(started, host, call, status, code, clock.Elapsed - started, requestId));
        }

        async Task Pause(TimeSpan pause)
        {
            try
            {
                await Task.Delay(pause, stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private void Report(
        IEnumerable<Answer> answers, IEnumerable<(TimeSpan At, string Host, string Path, int Status)> probes, TimeSpan stoppedAt, TimeSpan startedAt)
    {
        var all = answers.OrderBy(a => a.At).ToList();
        var ready = probes.Where(p => p.Path == "/health/ready").OrderBy(p => p.At).ToList();
        var first503 = all.FirstOrDefault(a => a.At > stoppedAt && a.Status == 503);
        var firstBack = all.FirstOrDefault(a => a.At > startedAt && a.Call == "submit" && a.Status == 202);
        var unready = ready.FirstOrDefault(p => p.At > stoppedAt && p.Status == 503);
        var readyAgain = ready.Where(p => p.At > startedAt).GroupBy(p => p.Host).Select(g => g.FirstOrDefault(p => p.Status == 200).At).DefaultIfEmpty().Max();
        output.WriteLine($"answers: {all.Count}; by status: {string.Join(", ", all.GroupBy(a => $"{a.Status} {a.Code}").Select(g => $"{g.Key}: {g.Count()}"))}");
        output.WriteLine($"first 503 {(first503 is null ? "none" : $"{(first503.At - stoppedAt).TotalSeconds:0.00} s")} after Azurite stopped; first unready probe {(unready.At - stoppedAt).TotalSeconds:0.00} s after");
        output.WriteLine($"during the outage: {string.Join(", ", all.Where(a => a.At > stoppedAt && a.At < startedAt).GroupBy(a => $"{a.Call} {a.Status}").Select(g => $"{g.Key}: {g.Count()}"))}");
        foreach (var a in all.Where(a => a.At > stoppedAt && a.At < startedAt && a.Status == 202))
        {
            output.WriteLine($"sent during the outage, accepted once storage was back: {a.Call} on {a.Host} {(a.At - stoppedAt).TotalSeconds:0.00} s after the stop, answered in {a.Took.TotalSeconds:0.00} s");
        }
        output.WriteLine($"slowest answer during the outage: {all.Where(a => a.At > stoppedAt && a.At < startedAt).Select(a => a.Took.TotalSeconds).DefaultIfEmpty().Max():0.00} s");
        output.WriteLine($"after Azurite started: every host ready within {(readyAgain - startedAt).TotalSeconds:0.00} s, first submission accepted {(firstBack is null ? "never" : $"{(firstBack.At - startedAt).TotalSeconds:0.00} s")} after");
    }

    /// <summary>The silo ports the cluster's membership table lists as active.</summary>
    private async Task<HashSet<int>> ActiveSilosAsync()
    {
        var tables = AzureStorageAccount.Parse(cluster.Azurite.ConnectionString).CreateTableServiceClient();
        var active = new HashSet<int>();
        await foreach (var row in tables.GetTableClient("OrleansSiloInstances").QueryAsync<TableEntity>(e => e.PartitionKey == cluster.ClusterId))
        {
            if (row.GetString("Status") == "Active")
            {
                active.Add(int.Parse(row.GetString("Port"), System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return active;
    }

    private static async Task<ApiClient> NewUserOnAsync(ApiClient admin, string baseUrl)
    {
        var name = $"user{Guid.NewGuid():N}"[..20];
        var registered = await admin.Http.PostAsJsonAsync("/api/auth/register", new { username = name, password = ApiClient.NewUserPassword });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        return await ApiClient.SignInAsync(baseUrl, name, ApiClient.NewUserPassword);
    }
}
