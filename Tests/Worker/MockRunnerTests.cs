using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Worker.Cli;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Worker;

public sealed class MockRunnerTests
{
    private readonly FakeWorkerHubState _state = new();

    [Fact]
    public async Task MockRunner_Request_ReportsProgressStepsAndCompletesWithHashedFiles()
    {
        await using var server = await FakeWorkerServer.StartAsync(_state);
        var content = Encoding.UTF8.GetBytes("RIFF fake audio");
        _state.Files["clip.wav"] = content;
        using var stop = new CancellationTokenSource();
        var output = new StringWriter();
        var run = MockRunner.RunAsync(Settings(server), output, NullLoggerFactory.Instance, stop.Token);
        var connectionId = await Wait.ForNextAsync(_state.Registered.Reader, "the mock to register");

        var request = FakeWorkerServer.NewRequest("Generate a poem about cats", new WorkerFile("clip.wav", "audio", "audio/wav", content.Length, "/files/clip.wav"));
        await server.SendRequestAsync(connectionId, request);
        var percents = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            percents.Add((await Wait.ForNextAsync(_state.Calls.Reader, $"progress step {i + 1}")).Payload.GetProperty("percent").GetInt32());
        }

        var complete = await Wait.ForNextAsync(_state.Calls.Reader, "Complete");
        await stop.CancelAsync();
        var exitCode = await Wait.ForAsync(run, "the mock to stop");

        Assert.Equal([25, 50, 75, 100], percents);
        Assert.Equal("Complete", complete.Method);
        var result = complete.Payload;
        Assert.Equal("Mock response to: Generate a poem about cats", result.GetProperty("text").GetString());
        Assert.True(result.GetProperty("processing_time_seconds").GetDouble() >= 0);
        Assert.EndsWith("Z", result.GetProperty("timestamp").GetString(), StringComparison.Ordinal);
        var file = Assert.Single(result.GetProperty("files").EnumerateArray());
        Assert.Equal("clip.wav", file.GetProperty("name").GetString());
        Assert.Equal("audio", file.GetProperty("kind").GetString());
        Assert.Equal("audio/wav", file.GetProperty("content_type").GetString());
        Assert.Equal(content.Length, file.GetProperty("size").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(content)), file.GetProperty("sha256").GetString());
        Assert.Equal(0, exitCode);
        var text = output.ToString();
        Assert.Contains("Mock WebSocket Inference App", text, StringComparison.Ordinal);
        Assert.Contains("[✓] Registration successful!", text, StringComparison.Ordinal);
        Assert.Contains("Successfully connected to space \"A\"", text, StringComparison.Ordinal);
        Assert.Contains("[REQUEST] New inference request received", text, StringComparison.Ordinal);
        Assert.Contains("[INFO] Progress: 100%", text, StringComparison.Ordinal);
        Assert.Matches(@"\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\] \[INFO\] Request processor started", text);
    }

    [Fact]
    public async Task MockRunner_DuplicateSpaceName_ExitsNonZeroWithServerMessage()
    {
        _state.RefuseWith = "Multiple spaces with name found: A";
        await using var server = await FakeWorkerServer.StartAsync(_state);
        var output = new StringWriter();

        var exitCode = await Wait.ForAsync(MockRunner.RunAsync(Settings(server), output, NullLoggerFactory.Instance, CancellationToken.None), "the mock to exit");

        Assert.Equal(1, exitCode);
        Assert.Contains("[ERROR] Registration failed: Multiple spaces with name found: A", output.ToString(), StringComparison.Ordinal);
    }

    private static MockSettings Settings(TestHubServer server) =>
        new(server.BaseUrl.ToString().TrimEnd('/'), ["A"], TestHubServer.Token, Verbose: true, StepDelay: TimeSpan.Zero);
}
