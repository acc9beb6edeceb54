using System.Security.Cryptography;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

public sealed class ResultFilesRestartTests
{
    [Fact]
    public async Task ResultFiles_AfterAHostRestartOnTheSameData_AreStillServed()
    {
        using var data = new TempFolder();
        var image = RandomNumberGenerator.GetBytes(50_000);
        var username = HostFixture.UniqueName("user");
        string url;
        await using (var first = await SpacesHost.StartAsync(dataPath: data.Path))
        {
            using var admin = await ApiClient.AdminAsync(first);
            var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Results"));
            await using var worker = TestWorker.Start(first, await admin.CreateTokenAsync(space.Id), [space.Name], async (job, ct) =>
                new { files = new[] { await job.UploadResultFileAsync("cat.png", "image/png", new MemoryStream(image), ct) } });
            await worker.RegisteredAsync();
            using var user = await ApiClient.NewUserAsync(first, username);
            var accepted = await user.SubmitOkAsync(space.Id, "draw a cat");
            var result = (await user.CompletedAsync(accepted.RequestId)).Result!.Value;
            url = result.GetProperty("files")[0].GetProperty("url").GetString()!;
        }

        await using var second = await SpacesHost.StartAsync(dataPath: data.Path);
        using var again = await ApiClient.SignInAsync(second.BaseUrl, username, "password-123");
        using var response = await again.Http.GetAsync(url);

        Assert.Equal(image, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
    }
}
