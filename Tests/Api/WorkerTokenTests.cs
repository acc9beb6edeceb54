using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

public sealed class WorkerTokenTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private SpacesHost Host => fixture.Host;

    [Fact]
    public async Task TokenList_AfterAWorkerConnects_ShowsWhenTheTokenWasLastUsed_AndNeverItsSecret()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("LastUsed"));
        var created = await ApiClient.ReadAsync<JsonElement>(
            await admin.Http.PostAsJsonAsync("/api/tokens", new { name = "last used", space_ids = new[] { space.Id } }), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        var secret = created.GetProperty("token").GetString()!;
        Assert.False((await ListedAsync(admin, id)).TryGetProperty("last_used_at", out _), "a token nobody presented has no last_used_at");

        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await using var worker = TestWorker.Start(Host, secret, [space.Name]);
        await worker.RegisteredAsync();

        var listed = await ListedAsync(admin, id);
        Assert.InRange(listed.GetProperty("last_used_at").GetDateTimeOffset(), before, DateTimeOffset.UtcNow.AddSeconds(1));
        Assert.DoesNotContain(secret, await admin.Http.GetStringAsync("/api/tokens"), StringComparison.Ordinal);
    }

    private static async Task<JsonElement> ListedAsync(ApiClient admin, string tokenId)
    {
        var list = await admin.Http.GetFromJsonAsync<JsonElement>("/api/tokens");
        return list.EnumerateArray().Single(t => t.GetProperty("id").GetString() == tokenId);
    }
}
