using System.Net;
using System.Text.Json;
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
}
