using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>Files a worker uploads as results: who may upload and read them, when, how big, and how they are served.</summary>
public sealed class ResultFilesTests(SmallUploadLimitsFixture fixture) : IClassFixture<SmallUploadLimitsFixture>
{
    private SpacesHost Host => fixture.Host;

    /// <summary>A request its worker holds in <c>processing</c> until <see cref="Release"/> gives it the result to send.</summary>
    private sealed record HeldRequest(
        string Token, TestWorker Worker, ApiClient User, string RequestId, TaskCompletionSource<object?> Release) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Release.TrySetResult(null);
            await Worker.DisposeAsync();
            User.Dispose();
        }
    }

    private async Task<HeldRequest> HeldRequestAsync()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Results"));
        var token = await admin.CreateTokenAsync(space.Id);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var worker = TestWorker.Start(Host, token, [space.Name], async (_, ct) =>
        {
            started.TrySetResult();
            return await release.Task.WaitAsync(ct);
        });
        await worker.RegisteredAsync();
        var user = await ApiClient.NewUserAsync(Host);
        var accepted = await user.SubmitOkAsync(space.Id, "draw a cat");
        await Wait.ForAsync(started.Task, "the worker to start processing");
        return new HeldRequest(token, worker, user, accepted.RequestId, release);
    }

    private HttpClient WorkerHttp(string token) => new()
    {
        BaseAddress = new Uri(Host.BaseUrl),
        DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
    };

    /// <summary>PUT with <paramref name="escapedName"/> as the last path segment, exactly as given.</summary>
    private static async Task<HttpResponseMessage> PutAsync(
        HttpClient http, string requestId, string escapedName, string contentType, HttpContent content)
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Put, ResultUrl(requestId, escapedName)) { Content = content };
        request.Headers.ExpectContinue = true;
        return await http.SendAsync(request);
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient http, string requestId, string name, string contentType, byte[] bytes) =>
        PutAsync(http, requestId, name, contentType, new ByteArrayContent(bytes));

    private static string ResultUrl(string requestId, string escapedName) => $"/api/requests/{requestId}/results/{escapedName}";

    private IEnumerable<string> ResultBlobs(string requestId)
    {
        var folder = Path.Combine(Host.DataPath, "blobs", "requests", requestId, "results");
        return Directory.Exists(folder) ? Directory.EnumerateFiles(folder) : [];
    }

    [Fact]
    public async Task Worker_UploadsAnImageAndAClip_SubmitterDownloadsBothInlineAndByteIdentical()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Results"));
        var image = RandomNumberGenerator.GetBytes(20_000);
        var audio = RandomNumberGenerator.GetBytes(30_000);
        await using var worker = TestWorker.Start(Host, await admin.CreateTokenAsync(space.Id), [space.Name], async (job, ct) =>
        {
            var png = await job.UploadResultFileAsync("cat.png", "image/png", new MemoryStream(image), ct);
            var wav = await job.UploadResultFileAsync("meow.wav", "audio/wav", new MemoryStream(audio), ct);
            return new { text = "a cat, and its voice", files = new[] { png, wav } };
        });
        await worker.RegisteredAsync();
        using var user = await ApiClient.NewUserAsync(Host);

        var accepted = await user.SubmitOkAsync(space.Id, "draw a cat");
        var result = (await user.CompletedAsync(accepted.RequestId)).Result!.Value;

        Assert.Equal("a cat, and its voice", result.GetProperty("text").GetString());
        var files = result.GetProperty("files").Deserialize<ResultFileView[]>(SpacesJson.Options)!;
        Assert.Equal(
            [
                new ResultFileView("cat.png", "image/png", image.Length, ResultUrl(accepted.RequestId, "cat.png")),
                new ResultFileView("meow.wav", "audio/wav", audio.Length, ResultUrl(accepted.RequestId, "meow.wav")),
            ],
            files);
        foreach (var (file, bytes) in files.Zip([image, audio]))
        {
            using var response = await user.Http.GetAsync(file.Url);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync());
            Assert.Equal(file.ContentType, response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("inline", response.Content.Headers.ContentDisposition?.DispositionType);
            Assert.Equal(file.Name, response.Content.Headers.ContentDisposition?.FileNameStar);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task ResultFile_ReadWithARange_IsPartialContent()
    {
        await using var held = await HeldRequestAsync();
        using var worker = WorkerHttp(held.Token);
        var clip = RandomNumberGenerator.GetBytes(10_000);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(worker, held.RequestId, "clip.mp4", "video/mp4", clip)).StatusCode);

        using var request = new HttpRequestMessage(HttpMethod.Get, ResultUrl(held.RequestId, "clip.mp4"));
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var response = await held.User.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.Equal(clip[1000..2000], await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ResultFile_StrangersAndAnotherSpacesWorker_GetRequestNotFound_TheSubmitterCannotUpload()
    {
        await using var held = await HeldRequestAsync();
        using var worker = WorkerHttp(held.Token);
        using var admin = await ApiClient.AdminAsync(Host);
        var other = await admin.CreateSpaceAsync(HostFixture.UniqueName("Other"));
        using var otherWorker = WorkerHttp(await admin.CreateTokenAsync(other.Id));
        using var stranger = await ApiClient.NewUserAsync(Host);
        var url = ResultUrl(held.RequestId, "cat.png");

        var created = await PutAsync(worker, held.RequestId, "cat.png", "image/png", [1, 2, 3]);
        var intruding = await PutAsync(otherWorker, held.RequestId, "evil.png", "image/png", [6, 6, 6]);
        var bySubmitter = await PutAsync(held.User.Http, held.RequestId, "mine.png", "image/png", [4, 5, 6]);

        var view = await ApiClient.ReadAsync<ResultFileView>(created, HttpStatusCode.Created);
        Assert.Equal(new ResultFileView("cat.png", "image/png", 3, url), view);
        Assert.Equal(url, created.Headers.Location?.OriginalString);
        await ApiClient.AssertProblemAsync(intruding, HttpStatusCode.NotFound, "RequestNotFound");
        await ApiClient.AssertProblemAsync(bySubmitter, HttpStatusCode.Forbidden, "Forbidden");
        await ApiClient.AssertProblemAsync(await stranger.Http.GetAsync(url), HttpStatusCode.NotFound, "RequestNotFound");
        await ApiClient.AssertProblemAsync(await otherWorker.GetAsync(url), HttpStatusCode.NotFound, "RequestNotFound");
        Assert.Equal([1, 2, 3], await held.User.Http.GetByteArrayAsync(url));
        Assert.Equal([1, 2, 3], await admin.Http.GetByteArrayAsync(url));
        Assert.Equal([1, 2, 3], await worker.GetByteArrayAsync(url));
        Assert.Single(ResultBlobs(held.RequestId));
    }

    [Fact]
    public async Task ResultFile_UploadedAfterCompletion_IsRequestNotProcessing()
    {
        await using var held = await HeldRequestAsync();
        using var worker = WorkerHttp(held.Token);
        held.Release.SetResult(new { text = "done" });
        await held.User.CompletedAsync(held.RequestId);

        var late = await PutAsync(worker, held.RequestId, "late.png", "image/png", [1, 2, 3]);

        var detail = await ApiClient.AssertProblemAsync(late, HttpStatusCode.Conflict, "RequestNotProcessing");
        Assert.Equal($"Request {held.RequestId} is completed; result files are accepted only while it is processing", detail);
        Assert.Empty(ResultBlobs(held.RequestId));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ResultFile_OverTheFileLimit_IsPayloadTooLargeAndLeavesNoBlob(bool declaresItsLength)
    {
        await using var held = await HeldRequestAsync();
        using var worker = WorkerHttp(held.Token);
        var tooLarge = new byte[SmallUploadLimitsFixture.MaxFileBytes + 1];
        HttpContent content = declaresItsLength ? new ByteArrayContent(tooLarge) : new ChunkedContent(tooLarge);

        var response = await PutAsync(worker, held.RequestId, "huge.png", "image/png", content);

        var detail = await ApiClient.AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, "PayloadTooLarge");
        Assert.Contains("huge.png", detail);
        Assert.Empty(ResultBlobs(held.RequestId));
        await ApiClient.AssertProblemAsync(
            await held.User.Http.GetAsync(ResultUrl(held.RequestId, "huge.png")), HttpStatusCode.NotFound, "FileNotFound");
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(worker, held.RequestId, "small.png", "image/png", [1])).StatusCode);
    }

    [Theory]
    [InlineData("..%2Fx")]
    [InlineData("..%5Cx")]
    [InlineData(".hidden")]
    public async Task ResultFile_WithAPathInItsName_IsInvalidFileName(string escapedName)
    {
        await using var held = await HeldRequestAsync();
        using var worker = WorkerHttp(held.Token);

        var response = await PutAsync(worker, held.RequestId, escapedName, "image/png", [1, 2, 3]);

        await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidFileName");
        Assert.Empty(ResultBlobs(held.RequestId));
    }

    [Fact]
    public async Task ResultFile_UploadedAgain_ReplacesTheFirstAndItsBlob()
    {
        await using var held = await HeldRequestAsync();
        using var worker = WorkerHttp(held.Token);

        Assert.Equal(HttpStatusCode.Created, (await PutAsync(worker, held.RequestId, "out.bin", "image/png", [1, 2, 3])).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await PutAsync(worker, held.RequestId, "out.bin", "audio/ogg", [9, 8])).StatusCode);

        using var response = await held.User.Http.GetAsync(ResultUrl(held.RequestId, "out.bin"));
        Assert.Equal([9, 8], await response.Content.ReadAsByteArrayAsync());
        Assert.Equal("audio/ogg", response.Content.Headers.ContentType?.MediaType);
        Assert.Single(ResultBlobs(held.RequestId));
    }

    [Fact]
    public async Task ResultFile_IsInlineOnlyForMediaTextAndJson_NeverForXml()
    {
        await using var held = await HeldRequestAsync();
        using var worker = WorkerHttp(held.Token);
        (string Name, string ContentType, string Disposition)[] cases =
        [
            ("page.html", "text/html", "attachment"),
            ("drawing.svg", "image/svg+xml", "attachment"),
            ("formula.xml", "image/x-formula+xml", "attachment"),
            ("feed.xml", "application/atom+xml", "attachment"),
            ("data.xml", "text/xml", "attachment"),
            ("page.xhtml", "application/xhtml+xml", "attachment"),
            ("data.bin", "application/octet-stream", "attachment"),
            ("notes.txt", "text/plain; charset=utf-8", "inline"),
            ("answer.json", "application/json", "inline"),
            ("clip.webm", "video/webm", "inline"),
        ];

        foreach (var (name, contentType, disposition) in cases)
        {
            Assert.Equal(HttpStatusCode.Created, (await PutAsync(worker, held.RequestId, name, contentType, [1, 2, 3])).StatusCode);
            using var response = await held.User.Http.GetAsync(ResultUrl(held.RequestId, name));
            Assert.Equal(contentType, response.Content.Headers.ContentType?.ToString());
            var actual = response.Content.Headers.ContentDisposition?.DispositionType;
            Assert.True(disposition == actual, $"{contentType} is served {actual}, not {disposition}");
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }
    }

    [Fact]
    public async Task ResultFile_WithAMalformedContentType_IsInvalidInput()
    {
        await using var held = await HeldRequestAsync();
        using var worker = WorkerHttp(held.Token);
        using var request = new HttpRequestMessage(HttpMethod.Put, ResultUrl(held.RequestId, "x.png"));
        request.Content = new ByteArrayContent([1]);
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "*/*");

        await ApiClient.AssertProblemAsync(await worker.SendAsync(request), HttpStatusCode.BadRequest, "InvalidInput");
        Assert.Empty(ResultBlobs(held.RequestId));
    }

    /// <summary>A body sent with chunked transfer encoding: the server learns its size only by reading it.</summary>
    private sealed class ChunkedContent(byte[] bytes) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(bytes).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
