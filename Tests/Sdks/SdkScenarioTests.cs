using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Sdks;

/// <summary>
/// One scenario list for the three worker SDKs, run once per language against the real host; the assertions are what the
/// server saw. The worker's behaviour per prompt is the same in every language (see <see cref="ScenarioWorker"/>).
/// </summary>
public abstract class SdkScenarioTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    /// <summary>The value the language's scenario worker puts in <c>language</c>, proving which SDK answered.</summary>
    protected abstract string Language { get; }

    protected abstract ScenarioWorker StartWorker(string host, string token, string[] spaces);

    private SpacesHost Host => fixture.Host;

    private static async Task<(string Id, string Secret)> CreateTokenAsync(ApiClient admin, params string[] spaceIds)
    {
        var response = await admin.Http.PostAsJsonAsync("/api/tokens", new { name = "sdk scenario", space_ids = spaceIds });
        var body = await ApiClient.ReadAsync<JsonElement>(response, HttpStatusCode.Created);
        return (body.GetProperty("id").GetString()!, body.GetProperty("token").GetString()!);
    }

    private async Task<(ApiClient Admin, SpaceView Space, ScenarioWorker Worker)> ConnectedWorkerAsync(SpaceInputs? inputs = null)
    {
        var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName($"Sdk{Language}"), inputs);
        var (_, token) = await CreateTokenAsync(admin, space.Id);
        var worker = StartWorker(Host.BaseUrl, token, [space.Name]);
        await worker.WaitForAsync("registered", $"the {Language} worker to register");
        return (admin, space, worker);
    }

    [Fact]
    public async Task Worker_RequestWithProgress_CompletesWithTheResultAndFullProgress()
    {
        var (admin, space, worker) = await ConnectedWorkerAsync();
        await using var _ = worker;
        using var user = await ApiClient.NewUserAsync(Host);

        var accepted = await user.SubmitOkAsync(space.Id, "progress");
        var done = await user.CompletedAsync(accepted.RequestId);

        var result = done.Result!.Value;
        Assert.Equal("done: progress", result.GetProperty("text").GetString());
        Assert.Equal(Language, result.GetProperty("language").GetString());
        Assert.Equal(100, done.Progress);
        Assert.Equal("step 100", done.Message);
        Assert.Equal(1, done.Attempts);
        Assert.True((await admin.GetSpaceAsync(space.Id)).WorkerConnected);
    }

    [Fact]
    public async Task Worker_FileIn_UploadsAResultFileTheSubmitterDownloads()
    {
        var (_, space, worker) = await ConnectedWorkerAsync(new SpaceInputs(Image: true));
        await using var _ = worker;
        using var user = await ApiClient.NewUserAsync(Host);
        var image = RandomNumberGenerator.GetBytes(20_000);

        var response = await user.SubmitMultipartAsync(space.Id, "file", ("image", "cat.png", "image/png", image));
        var accepted = await ApiClient.ReadAsync<RequestAccepted>(response, HttpStatusCode.Accepted);
        var result = (await user.CompletedAsync(accepted.RequestId)).Result!.Value;

        Assert.Equal(Language, result.GetProperty("language").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(image)), result.GetProperty("sha256")[0].GetString());
        var file = result.GetProperty("files")[0];
        Assert.Equal("echo-cat.png", file.GetProperty("name").GetString());
        Assert.Equal(image.Length, file.GetProperty("size").GetInt64());
        var url = file.GetProperty("url").GetString()!;
        Assert.Equal($"/api/requests/{accepted.RequestId}/results/echo-cat.png", url);
        using var download = await user.Http.GetAsync(url);
        Assert.Equal(image, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", download.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Worker_RunningRequestCancelled_HandlerIsCancelledAndTheNextRequestRuns()
    {
        var (_, space, worker) = await ConnectedWorkerAsync();
        await using var _ = worker;
        using var user = await ApiClient.NewUserAsync(Host);
        var running = await user.SubmitOkAsync(space.Id, "hold");
        var next = await user.SubmitOkAsync(space.Id, "progress");
        await worker.WaitForAsync("started", "the held request to start", match: e => e.GetProperty("request_id").GetString() == running.RequestId);

        var cancel = await user.Http.PostAsync($"/api/requests/{running.RequestId}/cancel", null);

        Assert.Equal(RequestStatuses.Cancelled, (await ApiClient.ReadAsync<RequestView>(cancel, HttpStatusCode.OK)).Status);
        await worker.WaitForAsync("cancelled", "the worker's handler to be cancelled", match: e => e.GetProperty("request_id").GetString() == running.RequestId);
        Assert.Equal(Language, (await user.CompletedAsync(next.RequestId)).Result!.Value.GetProperty("language").GetString());
        Assert.Equal(RequestStatuses.Cancelled, (await user.GetRequestAsync(running.RequestId)).Status);
    }

    [Fact]
    public async Task Worker_HandlerThrows_RequestFailsWithTheExceptionsMessage()
    {
        var (_, space, worker) = await ConnectedWorkerAsync();
        await using var _ = worker;
        using var user = await ApiClient.NewUserAsync(Host);

        var accepted = await user.SubmitOkAsync(space.Id, "fail");
        RequestView? view = null;
        await Wait.UntilAsync(async () => RequestStatuses.IsFinished((view = await user.GetRequestAsync(accepted.RequestId)).Status), "the request to fail");

        Assert.Equal(RequestStatuses.Failed, view!.Status);
        Assert.Equal($"boom from {Language}", view.Error);
        var after = await user.SubmitOkAsync(space.Id, "progress");
        Assert.Equal(Language, (await user.CompletedAsync(after.RequestId)).Result!.Value.GetProperty("language").GetString());
    }

    [Fact]
    public async Task Worker_DuplicateSpaceName_RegistrationRefusedWithTheServersMessage()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var name = HostFixture.UniqueName("DuplicateName");
        var one = await admin.CreateSpaceAsync(name);
        var two = await admin.CreateSpaceAsync(name);
        var (_, token) = await CreateTokenAsync(admin, one.Id, two.Id);

        await using var worker = StartWorker(Host.BaseUrl, token, [name]);
        var exit = await worker.ExitedAsync("the worker to give up on a refused registration");

        Assert.Equal(new ScenarioExit("refused", $"Multiple spaces with name found: {name}"), exit);
        Assert.False((await admin.GetSpaceAsync(one.Id)).WorkerConnected);
    }

    [Fact]
    public async Task Worker_TokenRevoked_ConnectionClosedAndTheWorkerStops()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName($"Revoke{Language}"));
        var (id, token) = await CreateTokenAsync(admin, space.Id);
        await using var worker = StartWorker(Host.BaseUrl, token, [space.Name]);
        await worker.WaitForAsync("registered", "the worker to register");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/api/tokens/{id}")).StatusCode);

        var exit = await worker.ExitedAsync("the worker to stop after its token was revoked");
        Assert.True(exit.Kind == "token_rejected", $"expected token_rejected, got {exit}\n{worker.Output}");
        Assert.False((await admin.GetSpaceAsync(space.Id)).WorkerConnected);
        Assert.Equal(1, worker.Count("registered"));
    }

    [Fact]
    public async Task Worker_HostRestartedUnderIt_ReconnectsRegistersAndRunsTheInFlightRequestAgain()
    {
        using var data = new TempFolder();
        var port = HostProcess.FreePort();
        var first = await SpacesHost.StartAsync(dataPath: data.Path, port: port);
        string username;
        RequestAccepted accepted;
        ScenarioWorker worker;
        try
        {
            using var admin = await ApiClient.AdminAsync(first);
            var space = await admin.CreateSpaceAsync(HostFixture.UniqueName($"Restart{Language}"));
            var (_, token) = await CreateTokenAsync(admin, space.Id);
            worker = StartWorker(first.BaseUrl, token, [space.Name]);
            await worker.WaitForAsync("registered", "the worker to register with the first host");
            using var user = await ApiClient.NewUserAsync(first);
            username = (await user.Http.GetFromJsonAsync<JsonElement>("/api/auth/me")).GetProperty("username").GetString()!;
            accepted = await user.SubmitOkAsync(space.Id, "hold");
            await worker.WaitForAsync("started", "the request to be in flight before the restart");
        }
        finally
        {
            await first.DisposeAsync();
        }

        await using var _ = worker;
        await using var second = await SpacesHost.StartAsync(dataPath: data.Path, port: port);
        await worker.WaitForAsync("registered", "the worker to register again with the restarted host", count: 2);
        using var again = await ApiClient.SignInAsync(second.BaseUrl, username, "password-123");
        var done = await again.CompletedAsync(accepted.RequestId);

        Assert.Equal(2, done.Attempts);
        Assert.Equal(2, done.Result!.Value.GetProperty("attempt").GetInt32());
        Assert.Equal(Language, done.Result!.Value.GetProperty("language").GetString());
        Assert.True(worker.Count("reconnecting") >= 1, worker.Output);
    }
}

public sealed class DotNetSdkScenarioTests(HostFixture fixture) : SdkScenarioTests(fixture)
{
    protected override string Language => "dotnet";

    protected override ScenarioWorker StartWorker(string host, string token, string[] spaces) => new DotNetScenarioWorker(host, token, spaces);
}

public sealed class PythonSdkScenarioTests(HostFixture fixture) : SdkScenarioTests(fixture)
{
    protected override string Language => "python";

    protected override ScenarioWorker StartWorker(string host, string token, string[] spaces) => ProcessScenarioWorker.Python(host, token, spaces);
}

public sealed class JsSdkScenarioTests(HostFixture fixture) : SdkScenarioTests(fixture)
{
    protected override string Language => "javascript";

    protected override ScenarioWorker StartWorker(string host, string token, string[] spaces) => ProcessScenarioWorker.JavaScript(host, token, spaces);
}
