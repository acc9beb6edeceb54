using System.Net;
using System.Net.Http.Json;
using System.Text;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using Spaces.Worker.Sdk;

namespace Spaces.Tests.Api;

public sealed class SmallUploadLimitsFixture : HostFixture
{
    public const int MaxFileBytes = 64 * 1024;

    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Spaces:Uploads:MaxFileBytes"] = $"{MaxFileBytes}",
        ["Spaces:Uploads:MaxRequestBytes"] = $"{4 * MaxFileBytes}",
    };
}

/// <summary>Bad input gets a clear 4xx problem with a code, and nothing already accepted is lost.</summary>
public sealed class BadInputTests(SmallUploadLimitsFixture fixture) : IClassFixture<SmallUploadLimitsFixture>
{
    private SpacesHost Host => fixture.Host;

    /// <summary>A space whose worker holds its first request forever, so accepted requests stay queued behind it.</summary>
    private async Task<(ApiClient User, SpaceView Space, TestWorker Worker, string Accepted)> SpaceWithAcceptedRequestAsync(SpaceInputs inputs)
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Bad"), inputs);
        var worker = TestWorker.Start(Host, await admin.CreateTokenAsync(space.Id), [space.Name], async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        await worker.RegisteredAsync();
        var user = await ApiClient.NewUserAsync(Host);
        await user.SubmitOkAsync(space.Id, "in flight");
        var accepted = await user.SubmitOkAsync(space.Id, "accepted before the bad input");
        return (user, space, worker, accepted.RequestId);
    }

    private int BlobCount() => Directory.EnumerateFiles(Path.Combine(Host.DataPath, "blobs"), "*", SearchOption.AllDirectories).Count();

    private static async Task AssertStillQueuedAsync(ApiClient user, string requestId, SpaceView space)
    {
        var view = await user.GetRequestAsync(requestId);
        Assert.Equal(RequestStatuses.Queued, view.Status);
        Assert.Equal(1, view.Position);
        Assert.Equal(1, (await user.GetSpaceAsync(space.Id)).QueueSize);
    }

    [Fact]
    public async Task Upload_OverTheFileLimit_Is413AndLosesNothing()
    {
        var (user, space, worker, accepted) = await SpaceWithAcceptedRequestAsync(new SpaceInputs(Audio: true));
        await using var _ = worker;
        var blobsBefore = BlobCount();

        var response = await user.SubmitMultipartAsync(
            space.Id, "big", ("audio", "small.wav", "audio/wav", [1, 2, 3]), ("audio", "big.wav", "audio/wav", new byte[SmallUploadLimitsFixture.MaxFileBytes + 1]));

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        await AssertStillQueuedAsync(user, accepted, space);
        Assert.True(BlobCount() == blobsBefore, "a refused upload left blobs behind");
    }

    [Fact]
    public async Task Upload_OverTheRequestLimit_Is413()
    {
        var (user, space, worker, accepted) = await SpaceWithAcceptedRequestAsync(new SpaceInputs(File: true));
        await using var _ = worker;
        var files = Enumerable.Range(0, 5).Select(i => ("file", $"part{i}.bin", "application/octet-stream", new byte[SmallUploadLimitsFixture.MaxFileBytes - 10])).ToArray();

        var response = await user.SubmitMultipartAsync(space.Id, "many", files);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        await AssertStillQueuedAsync(user, accepted, space);
    }

    [Fact]
    public async Task Upload_OfADisabledInputType_IsInputNotEnabled()
    {
        var (user, space, worker, accepted) = await SpaceWithAcceptedRequestAsync(new SpaceInputs(Prompt: true, Audio: false));
        await using var _ = worker;

        var response = await user.SubmitMultipartAsync(space.Id, "x", ("audio", "a.wav", "audio/wav", [1, 2, 3]));

        var detail = await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InputNotEnabled");
        Assert.Contains("audio", detail);
        await AssertStillQueuedAsync(user, accepted, space);
    }

    [Theory]
    [InlineData("../../etc/passwd")]
    [InlineData("..\\..\\windows\\system.ini")]
    [InlineData("folder/file.wav")]
    [InlineData(".hidden")]
    public async Task Upload_WithAPathInItsFileName_IsInvalidFileName(string fileName)
    {
        var (user, space, worker, accepted) = await SpaceWithAcceptedRequestAsync(new SpaceInputs(Audio: true));
        await using var _ = worker;

        var response = await user.SubmitMultipartAsync(space.Id, "x", ("audio", fileName, "audio/wav", [1, 2, 3]));

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidFileName");
        await AssertStillQueuedAsync(user, accepted, space);
    }

    [Fact]
    public async Task Submit_MalformedJson_IsInvalidInput()
    {
        var (user, space, worker, accepted) = await SpaceWithAcceptedRequestAsync(new SpaceInputs());
        await using var _ = worker;

        var response = await user.Http.PostAsync($"/api/spaces/{space.Id}/requests", new StringContent("{\"prompt\": ", Encoding.UTF8, "application/json"));

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidInput");
        await AssertStillQueuedAsync(user, accepted, space);
    }

    [Fact]
    public async Task CreateSpace_MalformedJson_IsInvalidInput()
    {
        using var admin = await ApiClient.AdminAsync(Host);

        var response = await admin.Http.PostAsync("/api/spaces", new StringContent("{\"name\": [", Encoding.UTF8, "application/json"));

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidInput");
    }

    [Fact]
    public async Task Submit_ToAnUnknownSpace_IsSpaceNotFound()
    {
        using var user = await ApiClient.NewUserAsync(Host);

        var response = await user.SubmitAsync("no-such-space", "hello");

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound, "SpaceNotFound");
    }

    [Fact]
    public async Task Api_WithoutSignIn_IsUnauthorized_AndNonAdminCannotCreateSpaces()
    {
        using var anonymous = ApiClient.Anonymous(Host);
        using var user = await ApiClient.NewUserAsync(Host);

        await ApiClient.AssertProblemAsync(await anonymous.Http.GetAsync("/api/spaces"), HttpStatusCode.Unauthorized, "Unauthorized");
        await ApiClient.AssertProblemAsync(
            await user.Http.PostAsJsonAsync("/api/spaces", new { name = "mine" }), HttpStatusCode.Forbidden, "Forbidden");
    }

    [Fact]
    public async Task WorkerHub_WithoutToken_OrWithAForgedOne_IsUnauthorized()
    {
        using var anonymous = ApiClient.Anonymous(Host);
        var noToken = await anonymous.Http.PostAsync("/hubs/worker/negotiate?negotiateVersion=1", null);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/hubs/worker/negotiate?negotiateVersion=1");
        forged.Headers.Authorization = new("Bearer", "spw_0123456789abcdef_forged");

        Assert.Equal(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.Http.SendAsync(forged)).StatusCode);
    }

    [Fact]
    public async Task WorkerToken_OfAnotherSpace_CannotRegisterNorReadItsFiles()
    {
        var (user, space, worker, accepted) = await SpaceWithAcceptedRequestAsync(new SpaceInputs(Audio: true));
        await using var _ = worker;
        var withFile = await ApiClient.ReadAsync<RequestAccepted>(
            await user.SubmitMultipartAsync(space.Id, "x", ("audio", "a.wav", "audio/wav", [1, 2, 3])), HttpStatusCode.Accepted);
        using var admin = await ApiClient.AdminAsync(Host);
        var other = await admin.CreateSpaceAsync(HostFixture.UniqueName("Other"));
        var otherToken = await admin.CreateTokenAsync(other.Id);

        await using var intruder = TestWorker.Start(Host, otherToken, [space.Name]);
        var refused = await Assert.ThrowsAsync<RegistrationRefusedException>(() => intruder.RegisteredAsync());
        using var read = new HttpRequestMessage(HttpMethod.Get, $"/api/requests/{withFile.RequestId}/files/a.wav");
        read.Headers.Authorization = new("Bearer", otherToken);
        var response = await ApiClient.Anonymous(Host).Http.SendAsync(read);

        Assert.Equal($"This worker token is not allowed for space {space.Name}", refused.Message);
        await ApiClient.AssertProblemAsync(response, HttpStatusCode.NotFound, "RequestNotFound");
        Assert.Equal(RequestStatuses.Queued, (await user.GetRequestAsync(accepted)).Status);
    }

    [Fact]
    public async Task SignIn_RepeatedFailures_LockThatAddressOut()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        var username = (await ApiClient.ReadAsync<System.Text.Json.JsonElement>(await user.Http.GetAsync("/api/auth/me"), HttpStatusCode.OK))
            .GetProperty("username").GetString();
        using var attacker = ApiClient.Anonymous(Host);

        for (var i = 0; i < 5; i++)
        {
            await ApiClient.AssertProblemAsync(
                await attacker.Http.PostAsJsonAsync("/api/auth/login", new { username, password = "wrong-password" }), HttpStatusCode.Unauthorized, "InvalidCredentials");
        }
        var locked = await attacker.Http.PostAsJsonAsync("/api/auth/login", new { username, password = "password-123" });

        var detail = await ApiClient.AssertProblemAsync(locked, HttpStatusCode.Locked, "LockedOut");
        Assert.Contains("Try again", detail);
    }
}
