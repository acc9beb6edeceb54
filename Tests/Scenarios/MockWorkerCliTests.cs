using Microsoft.Extensions.Logging.Abstractions;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using Spaces.Worker.Cli;

namespace Spaces.Tests.Scenarios;

/// <summary>The <c>spaces-worker mock</c> command against the real host, as the seed's guide runs mock_app.py.</summary>
public sealed class MockWorkerCliTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public async Task Mock_ProcessesARequestWithAFile_ResultHasTimingAndTheFile()
    {
        using var admin = await ApiClient.AdminAsync(fixture.Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("TestSpace"), new SpaceInputs(Audio: true));
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var settings = new MockSettings(fixture.Host.BaseUrl, [space.Name], await admin.CreateTokenAsync(space.Id), Verbose: true, StepDelay: TimeSpan.Zero);
        var run = MockRunner.RunAsync(settings, TextWriter.Synchronized(output), NullLoggerFactory.Instance, stop.Token);
        await Wait.UntilAsync(async () => (await admin.GetSpaceAsync(space.Id)).WorkerConnected, "the mock to connect");

        var response = await admin.SubmitMultipartAsync(space.Id, "Generate a poem about cats", ("audio", "clip.wav", "audio/wav", [1, 2, 3, 4]));
        var accepted = await ApiClient.ReadAsync<RequestAccepted>(response, System.Net.HttpStatusCode.Accepted);
        RequestView? view = null;
        await Wait.UntilAsync(async () => (view = await admin.GetRequestAsync(accepted.RequestId)).Status == RequestStatuses.Completed, "the mock's result");
        await stop.CancelAsync();

        Assert.Equal(0, await Wait.ForAsync(run, "the mock to stop"));
        var result = view!.Result!.Value;
        Assert.True(result.GetProperty("processing_time_seconds").GetDouble() >= 0);
        Assert.True(result.TryGetProperty("timestamp", out _));
        Assert.Equal("clip.wav", result.GetProperty("files")[0].GetProperty("name").GetString());
        Assert.Contains("Registration successful!", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Progress: 50%", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mock_WithEchoFiles_UploadsEachFileBack_ResultListsThemWithUrlsTheSubmitterCanOpen()
    {
        using var admin = await ApiClient.AdminAsync(fixture.Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("TestSpace"), new SpaceInputs(Audio: true, Image: true));
        using var stop = new CancellationTokenSource();
        var token = await admin.CreateTokenAsync(space.Id);
        var settings = new MockSettings(fixture.Host.BaseUrl, [space.Name], token, Verbose: false, TimeSpan.Zero, EchoFiles: true);
        var run = MockRunner.RunAsync(settings, TextWriter.Null, NullLoggerFactory.Instance, stop.Token);
        await Wait.UntilAsync(async () => (await admin.GetSpaceAsync(space.Id)).WorkerConnected, "the mock to connect");
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        byte[] audio = [1, 2, 3, 4], image = [5, 6, 7];

        var response = await user.SubmitMultipartAsync(
            space.Id, "echo", ("audio", "clip.wav", "audio/wav", audio), ("image", "cat.png", "image/png", image));
        var accepted = await ApiClient.ReadAsync<RequestAccepted>(response, System.Net.HttpStatusCode.Accepted);
        var result = (await user.CompletedAsync(accepted.RequestId)).Result!.Value;
        await stop.CancelAsync();

        Assert.Equal(0, await Wait.ForAsync(run, "the mock to stop"));
        var files = result.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(["clip.wav", "cat.png"], files.Select(f => f.GetProperty("name").GetString()));
        foreach (var (file, bytes) in files.Zip([audio, image]))
        {
            var url = file.GetProperty("url").GetString()!;
            Assert.Equal($"/api/requests/{accepted.RequestId}/results/{file.GetProperty("name").GetString()}", url);
            using var download = await user.Http.GetAsync(url);
            Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
            Assert.Equal(file.GetProperty("content_type").GetString(), download.Content.Headers.ContentType?.MediaType);
            Assert.Equal("inline", download.Content.Headers.ContentDisposition?.DispositionType);
        }
    }

    [Fact]
    public async Task Mock_WithADuplicateSpaceName_ExitsNonZeroWithTheServersMessage()
    {
        using var admin = await ApiClient.AdminAsync(fixture.Host);
        var name = HostFixture.UniqueName("DuplicateName");
        var one = await admin.CreateSpaceAsync(name);
        var two = await admin.CreateSpaceAsync(name);
        var output = new StringWriter();
        var settings = new MockSettings(fixture.Host.BaseUrl, [name], await admin.CreateTokenAsync(one.Id, two.Id), Verbose: false, StepDelay: TimeSpan.Zero);

        var exitCode = await Wait.ForAsync(MockRunner.RunAsync(settings, output, NullLoggerFactory.Instance, CancellationToken.None), "the mock to exit");

        Assert.NotEqual(0, exitCode);
        Assert.Contains($"Multiple spaces with name found: {name}", output.ToString(), StringComparison.Ordinal);
    }
}
