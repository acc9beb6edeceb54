using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Sdks;

/// <summary>
/// <c>python -m spaces_worker mock</c> and <c>bin/spaces-worker.mjs mock</c> against the real host, as the seed's guide runs
/// mock_app.py; the .NET mock's own tests are <see cref="Scenarios.MockWorkerCliTests"/>.
/// </summary>
public abstract class SdkMockCliTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    protected abstract ProcessStartInfo MockStart(string[] arguments);

    private SpacesHost Host => fixture.Host;

    [Fact]
    public async Task Mock_ProcessesARequestWithAFile_ResultHasTimingTheFileAndTheSeedsLines()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("TestSpace"), new SpaceInputs(Audio: true));
        var token = await admin.CreateTokenAsync(space.Id);
        await using var mock = new MockProcess(MockStart(["mock", "--host", Host.BaseUrl, "--spaces", space.Name, "--token", token, "--verbose", "--delay-ms", "0", "--echo-files"]));
        await Wait.UntilAsync(async () => (await admin.GetSpaceAsync(space.Id)).WorkerConnected || mock.HasExited, "the mock to connect");
        Assert.False(mock.HasExited, mock.Output);
        byte[] audio = [1, 2, 3, 4];

        var response = await admin.SubmitMultipartAsync(space.Id, "Generate a poem about cats", ("audio", "clip.wav", "audio/wav", audio));
        var accepted = await ApiClient.ReadAsync<RequestAccepted>(response, HttpStatusCode.Accepted);
        var result = (await admin.CompletedAsync(accepted.RequestId)).Result!.Value;
        var exitCode = await mock.InterruptAsync();

        Assert.Equal("Mock response to: Generate a poem about cats", result.GetProperty("text").GetString());
        Assert.True(result.GetProperty("processing_time_seconds").GetDouble() >= 0);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", result.GetProperty("timestamp").GetString());
        var file = result.GetProperty("files")[0];
        Assert.Equal(("clip.wav", "audio", 4), (file.GetProperty("name").GetString(), file.GetProperty("kind").GetString(), file.GetProperty("size").GetInt32()));
        using var echoed = await admin.Http.GetAsync(file.GetProperty("url").GetString());
        Assert.Equal(audio, await echoed.Content.ReadAsByteArrayAsync());
        var output = mock.Output;
        Assert.True(exitCode == 0, $"exit {exitCode}\n{output}");
        Assert.Contains("  Mock WebSocket Inference App\n", output, StringComparison.Ordinal);
        Assert.Contains($"  Space: {space.Name}\n", output, StringComparison.Ordinal);
        Assert.Matches(TimestampedLine("✓", "Registration successful!"), output);
        Assert.Matches(TimestampedLine("INFO", $"Successfully connected to space \"{space.Name}\""), output);
        Assert.Matches(TimestampedLine("REQUEST", "New inference request received"), output);
        foreach (var percent in new[] { 25, 50, 75, 100 })
        {
            Assert.Matches(TimestampedLine("INFO", $"Progress: {percent}%"), output);
        }
        Assert.Matches(TimestampedLine("RESULT", $"Sending result for request {accepted.RequestId}"), output);
        Assert.Contains("    - clip.wav (audio, audio/wav, 4 bytes)", output, StringComparison.Ordinal);
        Assert.Matches(TimestampedLine("INFO", "Stopped; connection closed"), output);
        Assert.DoesNotContain(token, output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mock_WithADuplicateSpaceName_ExitsNonZeroWithTheServersMessage()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var name = HostFixture.UniqueName("DuplicateName");
        var one = await admin.CreateSpaceAsync(name);
        var two = await admin.CreateSpaceAsync(name);
        var token = await admin.CreateTokenAsync(one.Id, two.Id);

        await using var mock = new MockProcess(MockStart(["mock", "--host", Host.BaseUrl, "--spaces", name, "--token", token]));
        var exitCode = await mock.ExitAsync();

        Assert.True(exitCode != 0, mock.Output);
        Assert.Matches(TimestampedLine("ERROR", $"Registration failed: Multiple spaces with name found: {name}"), mock.Output);
    }

    private static Regex TimestampedLine(string level, string message) =>
        new($@"(?m)^\[\d{{4}}-\d\d-\d\d \d\d:\d\d:\d\d\] \[{Regex.Escape(level)}\] {Regex.Escape(message)}");

    /// <summary>A mock command run to its end; its output is both streams, in order of arrival.</summary>
    private sealed class MockProcess : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _output = new();

        public MockProcess(ProcessStartInfo info)
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}");
            _process.OutputDataReceived += (_, e) => Append(e.Data);
            _process.ErrorDataReceived += (_, e) => Append(e.Data);
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
        }

        public bool HasExited => _process.HasExited;

        public string Output
        {
            get
            {
                lock (_output)
                {
                    return _output.ToString();
                }
            }
        }

        private void Append(string? line)
        {
            if (line is not null)
            {
                lock (_output)
                {
                    _output.Append(line).Append('\n');
                }
            }
        }

        /// <summary>SIGINT, as Ctrl+C in the seed's guide.</summary>
        public async Task<int> InterruptAsync()
        {
            using var kill = Process.Start("kill", ["-INT", $"{_process.Id}"]);
            await Wait.ForAsync(kill.WaitForExitAsync(), "kill -INT to return");
            return await ExitAsync();
        }

        public async Task<int> ExitAsync()
        {
            try
            {
                await Wait.ForAsync(_process.WaitForExitAsync(), "the mock to exit");
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"{e.Message}\n{Output}");
            }
            return _process.ExitCode;
        }

        public ValueTask DisposeAsync()
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

public sealed class PythonMockCliTests(HostFixture fixture) : SdkMockCliTests(fixture)
{
    protected override ProcessStartInfo MockStart(string[] arguments) => SdkRuntimes.PythonStart(["-m", "spaces_worker", .. arguments]);
}

public sealed class JsMockCliTests(HostFixture fixture) : SdkMockCliTests(fixture)
{
    protected override ProcessStartInfo MockStart(string[] arguments) => SdkRuntimes.NodeStart(["bin/spaces-worker.mjs", .. arguments]);
}
