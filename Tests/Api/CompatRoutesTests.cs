using System.Net;
using System.Text.Json;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>The end-to-end script of seed 000, spoken to the routes kept for the old portal's clients.</summary>
public sealed class CompatRoutesTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task SeedEndToEndScript_FormLoginAddSpaceSubmitAndPoll_GetsTheResult()
    {
        var host = fixture.Host;
        using var session = ApiClient.Anonymous(host);
        var login = await session.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["username"] = "admin",
            ["password"] = SpacesHost.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var name = HostFixture.UniqueName("E2ETest");
        var added = await session.Http.PostAsync("/admin/space/add", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name,
            ["description"] = "E2E Test",
            ["card_type"] = "websockets",
            ["cover"] = "default.png",
            ["ws_enable_prompt"] = "on",
        }));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var spaceId = added.Headers.Location!.ToString().Split('/')[^1];
        using var admin = await ApiClient.AdminAsync(host);
        Assert.Equal(name, (await admin.GetSpaceAsync(spaceId)).Name);

        var refused = await session.Http.PostAsync($"/websockets/submit/{spaceId}", new FormUrlEncodedContent(new Dictionary<string, string> { ["prompt"] = "Test" }));
        var refusal = JsonSerializer.Deserialize<JsonElement>(await refused.Content.ReadAsStringAsync());
        Assert.False(refusal.GetProperty("success").GetBoolean());
        Assert.Equal("remote app not connected", refusal.GetProperty("error").GetString());

        await using var worker = TestWorker.Start(host, await admin.CreateTokenAsync(spaceId), [name]);
        await worker.RegisteredAsync();
        var submitted = await session.Http.PostAsync($"/websockets/submit/{spaceId}", new MultipartFormDataContent { { new StringContent("Test"), "prompt" } });
        var answer = JsonSerializer.Deserialize<JsonElement>(await submitted.Content.ReadAsStringAsync());
        Assert.True(answer.GetProperty("success").GetBoolean(), answer.ToString());
        var requestId = answer.GetProperty("request_id").GetString();

        JsonElement status = default;
        await Wait.UntilAsync(
            async () =>
            {
                status = JsonSerializer.Deserialize<JsonElement>(await session.Http.GetStringAsync($"/websockets/status?request_id={requestId}"));
                return status.GetProperty("status").GetString() == "completed";
            },
            "the request to complete, polled as the seed script does");
        Assert.True(status.GetProperty("success").GetBoolean());
        Assert.Equal("Test", status.GetProperty("result").GetProperty("echo").GetString());
    }

    [Fact]
    public async Task SeedLoadScript_FormPostsFromPythonRequests_EveryRequestCompletes()
    {
        var host = fixture.Host;
        using var admin = await ApiClient.AdminAsync(host);
        var (space, worker) = await SpaceWithWorkerAsync(admin, "LoadTest");
        await using var _ = worker;
        var username = $"load{Guid.NewGuid():N}"[..16];
        using var user = await ApiClient.NewUserAsync(host, username);

        var stdout = await ExternalProcess.RunPythonScriptAsync(
            "seed_load.py", [host.BaseUrl, space.Id, username, ApiClient.NewUserPassword, "10"], "seed 000's load script");

        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("Sent 10 requests", lines);
        Assert.Contains("Successful: 10", lines);
        var answers = JsonSerializer.Deserialize<JsonElement>(lines[^1]).EnumerateArray().ToList();
        Assert.All(answers, a => Assert.True(a.GetProperty("success").GetBoolean(), a.ToString()));
        foreach (var answer in answers)
        {
            await admin.CompletedAsync(answer.GetProperty("request_id").GetString()!);
        }
        Assert.Equal(
            Enumerable.Range(0, 10).Select(i => $"Request {i}").Order(),
            worker.Received.Select(r => r.Prompt).Order());
    }

    [Fact]
    public async Task FormSubmit_UrlEncodedWithTooManyFields_IsRefusedAndNothingIsQueued()
    {
        var host = fixture.Host;
        using var admin = await ApiClient.AdminAsync(host);
        var (space, worker) = await SpaceWithWorkerAsync(admin, "FormLimits");
        await using var _ = worker;

        var fields = Enumerable.Range(0, 100).Select(i => KeyValuePair.Create($"f{i}", "x")).Append(KeyValuePair.Create("prompt", "p"));
        var refused = await admin.Http.PostAsync($"/websockets/submit/{space.Id}", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var answer = JsonSerializer.Deserialize<JsonElement>(await refused.Content.ReadAsStringAsync());
        Assert.False(answer.GetProperty("success").GetBoolean());
        Assert.Equal("InvalidInput", answer.GetProperty("code").GetString());
        Assert.Equal(0, (await admin.GetSpaceAsync(space.Id)).QueueSize);
    }

    [Fact]
    public async Task ApiSubmit_UrlEncodedPrompt_IsQueuedLikeAMultipartFormWithoutFiles()
    {
        var host = fixture.Host;
        using var admin = await ApiClient.AdminAsync(host);
        var (space, worker) = await SpaceWithWorkerAsync(admin, "FormApi");
        await using var _ = worker;

        var submitted = await admin.Http.PostAsync(
            $"/api/spaces/{space.Id}/requests", new FormUrlEncodedContent([KeyValuePair.Create("prompt", "un poème sur les chats & les chiens")]));

        var accepted = await ApiClient.ReadAsync<RequestAccepted>(submitted, HttpStatusCode.Accepted);
        var done = await admin.CompletedAsync(accepted.RequestId);
        Assert.Equal("un poème sur les chats & les chiens", Assert.Single(worker.Received, r => r.RequestId == accepted.RequestId).Prompt);
        Assert.Equal(RequestStatuses.Completed, done.Status);
    }

    private async Task<(SpaceView Space, TestWorker Worker)> SpaceWithWorkerAsync(ApiClient admin, string name)
    {
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName(name));
        var worker = TestWorker.Start(fixture.Host, await admin.CreateTokenAsync(space.Id), [space.Name]);
        await worker.RegisteredAsync();
        return (space, worker);
    }
}
