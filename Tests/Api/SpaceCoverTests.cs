using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Blobs;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary><c>PUT/GET/DELETE /api/spaces/{id}/cover</c>: only real images, within the limit, served safely and cacheably.</summary>
public sealed class SpaceCoverTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private const int Limit = 2 * 1024 * 1024;

    private SpacesHost Host => fixture.Host;

    private static async Task<HttpResponseMessage> PutCoverAsync(ApiClient client, string spaceId, byte[] body, string contentType = "image/png")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return await client.Http.PutAsync($"/api/spaces/{spaceId}/cover", content);
    }

    private string BlobPath(string spaceId) => Path.Combine(Host.DataPath, "blobs", BlobNames.SpacePrefix(spaceId));

    [Fact]
    public async Task Cover_UploadedPng_IsServedWithItsTypeNosniffAndValidators()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Cover"));
        var png = TestImages.Png(4, 3, 200, 40, 40);

        // Declared as JPEG on purpose: the bytes decide.
        var updated = await ApiClient.ReadAsync<SpaceView>(await PutCoverAsync(admin, space.Id, png, "image/jpeg"), HttpStatusCode.OK);

        Assert.StartsWith($"/api/spaces/{space.Id}/cover?v=", updated.Cover, StringComparison.Ordinal);
        Assert.Equal(updated.Cover, (await admin.GetSpaceAsync(space.Id)).Cover);
        using var user = await ApiClient.NewUserAsync(Host);
        var served = await user.Http.GetAsync(updated.Cover);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/png", served.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["nosniff"], served.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(png, await served.Content.ReadAsByteArrayAsync());
        Assert.True(served.Headers.CacheControl?.Private, "a cover is for signed-in users only");
        Assert.True(served.Headers.CacheControl?.MaxAge > TimeSpan.FromDays(300), "the versioned address may be kept");
        var etag = served.Headers.ETag ?? throw new InvalidOperationException("no ETag on the cover");

        using var revalidate = new HttpRequestMessage(HttpMethod.Get, $"/api/spaces/{space.Id}/cover");
        revalidate.Headers.IfNoneMatch.Add(etag);
        var notModified = await user.Http.SendAsync(revalidate);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.True(notModified.Headers.CacheControl?.NoCache, "an unversioned address is revalidated");
    }

    [Theory]
    [InlineData("image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, (byte)'J', (byte)'F', (byte)'I', (byte)'F', 0 })]
    [InlineData("image/gif", new byte[] { (byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'9', (byte)'a', 1, 0, 1, 0 })]
    [InlineData("image/webp", new byte[] { (byte)'R', (byte)'I', (byte)'F', (byte)'F', 4, 0, 0, 0, (byte)'W', (byte)'E', (byte)'B', (byte)'P', (byte)'V', (byte)'P', (byte)'8' })]
    public async Task Cover_OtherAcceptedFormats_AreServedAsWhatTheirBytesSay(string type, byte[] header)
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Format"));

        var updated = await ApiClient.ReadAsync<SpaceView>(await PutCoverAsync(admin, space.Id, header, "application/octet-stream"), HttpStatusCode.OK);

        var served = await admin.Http.GetAsync(updated.Cover);
        Assert.Equal(type, served.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("text/plain", "just some text")]
    [InlineData("image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>")]
    [InlineData("image/png", "<html><body>not a PNG</body></html>")]
    [InlineData("image/png", "")]
    public async Task Cover_NotAnAcceptedImage_Is400UnsupportedImage_AndChangesNothing(string declared, string body)
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("NotImage"));

        var response = await PutCoverAsync(admin, space.Id, Encoding.UTF8.GetBytes(body), declared);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "UnsupportedImage");
        Assert.Null((await admin.GetSpaceAsync(space.Id)).Cover);
        Assert.False(Directory.Exists(BlobPath(space.Id)), "a refused cover left a blob");
    }

    [Fact]
    public async Task Cover_OverTwoMegabytes_Is413PayloadTooLarge()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Large"));
        var tooLarge = new byte[Limit + 1];
        TestImages.Png(1, 1, 0, 0, 0).CopyTo(tooLarge, 0);

        var response = await PutCoverAsync(admin, space.Id, tooLarge);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        Assert.Null((await admin.GetSpaceAsync(space.Id)).Cover);
    }

    [Fact]
    public async Task Cover_OverTheLimitWithoutContentLength_Is413PayloadTooLarge()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Chunked"));
        var tooLarge = new byte[Limit + 1];
        TestImages.Png(1, 1, 0, 0, 0).CopyTo(tooLarge, 0);
        var content = new StreamContent(new MemoryStream(tooLarge));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var request = new HttpRequestMessage(HttpMethod.Put, $"/api/spaces/{space.Id}/cover") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await admin.Http.SendAsync(request);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        Assert.Null((await admin.GetSpaceAsync(space.Id)).Cover);
    }

    [Fact]
    public async Task Cover_ExactlyAtTheLimit_IsAccepted()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("AtLimit"));
        var atLimit = new byte[Limit];
        TestImages.Png(1, 1, 0, 0, 0).CopyTo(atLimit, 0);

        var response = await PutCoverAsync(admin, space.Id, atLimit);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Cover_FromANonAdmin_Is403_AndAnonymousCannotReadIt()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Guarded"));
        var png = TestImages.Png(2, 2, 0, 0, 255);
        var cover = (await ApiClient.ReadAsync<SpaceView>(await PutCoverAsync(admin, space.Id, png), HttpStatusCode.OK)).Cover!;
        using var user = await ApiClient.NewUserAsync(Host);
        using var anonymous = ApiClient.Anonymous(Host);

        await ApiClient.AssertProblemAsync(await PutCoverAsync(user, space.Id, png), HttpStatusCode.Forbidden, "Forbidden");
        await ApiClient.AssertProblemAsync(await user.Http.DeleteAsync($"/api/spaces/{space.Id}/cover"), HttpStatusCode.Forbidden, "Forbidden");
        await ApiClient.AssertProblemAsync(await anonymous.Http.GetAsync(cover), HttpStatusCode.Unauthorized, "Unauthorized");
    }

    [Fact]
    public async Task Cover_ReplacedRemovedAndSpaceDeleted_LeavesNoBlobBehind()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Blobs"));
        var first = (await ApiClient.ReadAsync<SpaceView>(await PutCoverAsync(admin, space.Id, TestImages.Png(2, 2, 1, 2, 3)), HttpStatusCode.OK)).Cover;
        var second = (await ApiClient.ReadAsync<SpaceView>(await PutCoverAsync(admin, space.Id, TestImages.Png(2, 2, 4, 5, 6)), HttpStatusCode.OK)).Cover;

        Assert.NotEqual(first, second);
        Assert.Single(Directory.GetFiles(BlobPath(space.Id)));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/api/spaces/{space.Id}/cover")).StatusCode);
        Assert.Null((await admin.GetSpaceAsync(space.Id)).Cover);
        Assert.Empty(Directory.GetFiles(BlobPath(space.Id)));
        await ApiClient.AssertProblemAsync(await admin.Http.GetAsync($"/api/spaces/{space.Id}/cover"), HttpStatusCode.NotFound, "FileNotFound");

        await PutCoverAsync(admin, space.Id, TestImages.Png(2, 2, 7, 8, 9));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.Http.DeleteAsync($"/api/spaces/{space.Id}")).StatusCode);
        Assert.False(Directory.Exists(BlobPath(space.Id)), "deleting the space left its cover behind");
    }

    [Fact]
    public async Task Cover_OfAnUnknownSpace_IsSpaceNotFound()
    {
        using var admin = await ApiClient.AdminAsync(Host);

        await ApiClient.AssertProblemAsync(await PutCoverAsync(admin, "nosuchspace", TestImages.Png(1, 1, 0, 0, 0)), HttpStatusCode.NotFound, "SpaceNotFound");
        await ApiClient.AssertProblemAsync(await admin.Http.GetAsync("/api/spaces/nosuchspace/cover"), HttpStatusCode.NotFound, "SpaceNotFound");
    }

    [Fact]
    public async Task Cover_SetByPatchToAnotherAddress_IsNotServedFromTheBlobStore()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Elsewhere"));
        var patched = await admin.Http.PatchAsJsonAsync($"/api/spaces/{space.Id}", new { cover = $"/api/spaces/{space.Id}/cover?v=../../keys" }, SpacesJson.Options);
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);

        await ApiClient.AssertProblemAsync(await admin.Http.GetAsync($"/api/spaces/{space.Id}/cover"), HttpStatusCode.NotFound, "FileNotFound");
    }
}
