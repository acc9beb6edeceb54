using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using Spaces.Worker.Sdk;

namespace Spaces.Tests.Scenarios;

/// <summary>
/// The scenarios of the WebSocket spaces testing guide (seed 000), against the real host and the real worker SDK, once per
/// storage mode (the classes below).
/// </summary>
public abstract class SeedScenarioTests : IAsyncLifetime
{
    private SpacesHost? _host;

    private SpacesHost Host => _host ?? throw new InvalidOperationException("The host has not started");

    /// <summary>The host of this storage mode, shared by the class's tests.</summary>
    protected abstract Task<SpacesHost> HostAsync();

    public async Task InitializeAsync() => _host = await HostAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<(ApiClient Admin, SpaceView Space, string Token)> NewSpaceAsync(SpaceInputs? inputs = null)
    {
        var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("TestSpace"), inputs);
        return (admin, space, await admin.CreateTokenAsync(space.Id));
    }

    [Fact]
    public Task SingleRequest_WorkerReportsProgress_UserSeesTheResult() => SingleRequestAsync(Host);

    /// <summary>Seed 000's first scenario on <paramref name="host"/>; Tests/Infra runs it on the host as the Azure template configures it.</summary>
    internal static async Task SingleRequestAsync(SpacesHost host)
    {
        var admin = await ApiClient.AdminAsync(host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("TestSpace"));
        var token = await admin.CreateTokenAsync(space.Id);
        await using var worker = TestWorker.Start(host, token, [space.Name], async (job, ct) =>
        {
            foreach (var percent in new[] { 25, 50, 75, 100 })
            {
                await job.ReportProgressAsync(percent, $"Progress: {percent}%", ct);
            }
            return new { text = $"A poem for: {job.Request.Prompt}" };
        });
        await worker.RegisteredAsync();
        using var user = await ApiClient.NewUserAsync(host);

        var accepted = await user.SubmitOkAsync(space.Id, "Generate a poem about cats");
        var done = await user.CompletedAsync(accepted.RequestId);

        Assert.Equal("A poem for: Generate a poem about cats", done.Result!.Value.GetProperty("text").GetString());
        Assert.Equal(100, done.Progress);
        Assert.Equal(1, done.Attempts);
        Assert.True((await user.GetSpaceAsync(space.Id)).WorkerConnected);
    }

    [Fact]
    public async Task ThreeUsers_SubmitAtOnce_AllGetTheirOwnResultsProcessedOneAtATime()
    {
        var (_, space, token) = await NewSpaceAsync();
        await using var worker = TestWorker.Start(Host, token, [space.Name], async (job, ct) =>
        {
            await Task.Delay(50, ct);
            return new { echo = job.Request.Prompt };
        });
        await worker.RegisteredAsync();
        var users = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => ApiClient.NewUserAsync(Host)));

        var accepted = await Task.WhenAll(users.Select((u, i) => u.SubmitOkAsync(space.Id, $"user {i}")));
        var results = await Task.WhenAll(users.Select((u, i) => u.CompletedAsync(accepted[i].RequestId)));

        for (var i = 0; i < users.Length; i++)
        {
            Assert.Equal($"user {i}", results[i].Result!.Value.GetProperty("echo").GetString());
            var others = users.Where((_, j) => j != i).Select(o => o.Http.GetAsync($"/api/requests/{accepted[i].RequestId}"));
            Assert.All(await Task.WhenAll(others), r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
        }
        Assert.False(worker.Overlapped);
        var order = worker.Received.Select(r => r.RequestId).ToList();
        Assert.Equal(results.OrderBy(r => r.StartedAt).Select(r => r.RequestId), order);
        Assert.Equal(3, order.Distinct().Count());
    }

    [Fact]
    public async Task RequestWithAudioFile_ReachesTheWorker_ResultReportsTheFile()
    {
        var (_, space, token) = await NewSpaceAsync(new SpaceInputs(Prompt: true, Audio: true));
        await using var worker = TestWorker.Start(Host, token, [space.Name], async (job, ct) =>
        {
            var file = job.Request.Files.Single();
            var bytes = await job.ReadFileAsync(file, ct);
            return new { file = file.Name, kind = file.Kind, size = bytes.Length, sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
        });
        await worker.RegisteredAsync();
        using var user = await ApiClient.NewUserAsync(Host);
        var audio = RandomNumberGenerator.GetBytes(300_000);

        var response = await user.SubmitMultipartAsync(space.Id, "transcribe this", ("audio", "speech.wav", "audio/wav", audio));
        var accepted = await ApiClient.ReadAsync<RequestAccepted>(response, HttpStatusCode.Accepted);
        var result = (await user.CompletedAsync(accepted.RequestId)).Result!.Value;

        Assert.Equal("speech.wav", result.GetProperty("file").GetString());
        Assert.Equal("audio", result.GetProperty("kind").GetString());
        Assert.Equal(audio.Length, result.GetProperty("size").GetInt32());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(audio)), result.GetProperty("sha256").GetString());
        var download = await user.Http.GetByteArrayAsync($"/api/requests/{accepted.RequestId}/files/speech.wav");
        Assert.Equal(audio, download);
    }

    [Fact]
    public async Task WorkerStops_SpaceReadsDisconnectedAndRefuses_WorkerRestarts_RequestsWorkAgain()
    {
        var (_, space, token) = await NewSpaceAsync();
        using var user = await ApiClient.NewUserAsync(Host);
        var first = TestWorker.Start(Host, token, [space.Name]);
        await first.RegisteredAsync();

        await first.DisposeAsync();
        await Wait.UntilAsync(async () => !(await user.GetSpaceAsync(space.Id)).WorkerConnected, "space to read disconnected", TimeSpan.FromSeconds(5));
        var refused = await user.SubmitAsync(space.Id, "while nobody listens");
        var detail = await ApiClient.AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "NoWorkerConnected");
        Assert.Equal("remote app not connected", detail);

        await using var second = TestWorker.Start(Host, token, [space.Name]);
        await second.RegisteredAsync();
        var accepted = await user.SubmitOkAsync(space.Id, "back again");
        Assert.Equal("back again", (await user.CompletedAsync(accepted.RequestId)).Result!.Value.GetProperty("echo").GetString());
    }

    [Fact]
    public async Task DuplicateSpaceNames_RegistrationFails_WithMultipleSpacesFound()
    {
        var admin = await ApiClient.AdminAsync(Host);
        var name = HostFixture.UniqueName("DuplicateName");
        var one = await admin.CreateSpaceAsync(name);
        var two = await admin.CreateSpaceAsync(name);
        var token = await admin.CreateTokenAsync(one.Id, two.Id);

        await using var worker = TestWorker.Start(Host, token, [name]);
        var error = await Assert.ThrowsAsync<RegistrationRefusedException>(() => worker.RegisteredAsync());

        Assert.Equal($"Multiple spaces with name found: {name}", error.Message);
        Assert.False((await admin.GetSpaceAsync(one.Id)).WorkerConnected);
        Assert.False((await admin.GetSpaceAsync(two.Id)).WorkerConnected);
    }

    [Fact]
    public async Task SecondWorker_ForTheSameSpace_IsRefused()
    {
        var (admin, space, token) = await NewSpaceAsync();
        await using var first = TestWorker.Start(Host, token, [space.Name]);
        await first.RegisteredAsync();

        await using var second = TestWorker.Start(Host, token, [space.Name]);
        var error = await Assert.ThrowsAsync<RegistrationRefusedException>(() => second.RegisteredAsync());

        Assert.Equal($"Space {space.Name} already has a connected worker", error.Message);
        Assert.True((await admin.GetSpaceAsync(space.Id)).WorkerConnected);
    }

    [Fact]
    public async Task UnknownSpaceName_RegistrationFails_WithSpaceNotFound()
    {
        var (_, space, token) = await NewSpaceAsync();

        await using var worker = TestWorker.Start(Host, token, [space.Name + "_missing"]);
        var error = await Assert.ThrowsAsync<RegistrationRefusedException>(() => worker.RegisteredAsync());

        Assert.Equal($"Space not found: {space.Name}_missing", error.Message);
    }

    [Fact]
    public async Task RevokedToken_ClosesTheLiveWorkerConnection()
    {
        var (admin, space, token) = await NewSpaceAsync();
        await using var worker = TestWorker.Start(Host, token, [space.Name]);
        await worker.RegisteredAsync();
        var tokens = JsonSerializer.Deserialize<JsonElement>(await admin.Http.GetStringAsync("/api/tokens"));
        var id = tokens.EnumerateArray().First(t => t.GetProperty("space_ids")[0].GetString() == space.Id).GetProperty("id").GetString();

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/api/tokens/{id}")).StatusCode);

        await Wait.UntilAsync(async () => !(await admin.GetSpaceAsync(space.Id)).WorkerConnected, "worker of a revoked token to be disconnected", TimeSpan.FromSeconds(5));
        var error = await Assert.ThrowsAsync<WorkerConnectionException>(() => Wait.ForAsync(worker.Run, "worker to give up after its token was revoked"));
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
    }

    [Fact]
    public async Task Cancel_RunningRequest_StopsTheWorkersJobAndTheNextOneRuns()
    {
        var (_, space, token) = await NewSpaceAsync();
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var worker = TestWorker.Start(Host, token, [space.Name], async (job, ct) =>
        {
            if (job.Request.Prompt == "long")
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, ct);
                }
                catch (OperationCanceledException)
                {
                    cancelled.TrySetResult();
                    throw;
                }
            }
            return new { echo = job.Request.Prompt };
        });
        await worker.RegisteredAsync();
        using var user = await ApiClient.NewUserAsync(Host);
        var running = await user.SubmitOkAsync(space.Id, "long");
        var next = await user.SubmitOkAsync(space.Id, "next");
        Assert.Equal(1, next.Position);

        var cancel = await user.Http.PostAsync($"/api/requests/{running.RequestId}/cancel", null);

        Assert.Equal(RequestStatuses.Cancelled, (await ApiClient.ReadAsync<RequestView>(cancel, HttpStatusCode.OK)).Status);
        await Wait.ForAsync(cancelled.Task, "the worker's job to be cancelled");
        Assert.Equal("next", (await user.CompletedAsync(next.RequestId)).Result!.Value.GetProperty("echo").GetString());
        Assert.Equal(RequestStatuses.Cancelled, (await user.GetRequestAsync(running.RequestId)).Status);
    }
}

public sealed class EmbeddedSeedScenarioTests(HostFixture fixture) : SeedScenarioTests, IClassFixture<HostFixture>
{
    protected override Task<SpacesHost> HostAsync() => Task.FromResult(fixture.Host);
}

[Collection(AzuriteCollection.Name)]
public sealed class AzureStorageSeedScenarioTests(AzuriteFixture azurite) : SeedScenarioTests
{
    protected override Task<SpacesHost> HostAsync() =>
        azurite.SharedAsync(nameof(AzureStorageSeedScenarioTests), a => SpacesHost.StartAsync(a.HostSettings()));

    [Fact]
    public async Task TheHost_KeepsItsGrainsMembershipAndBlobsOnAzurite()
    {
        var host = await HostAsync();

        AzuriteFixture.AssertOnAzureStorage(host);
    }
}
