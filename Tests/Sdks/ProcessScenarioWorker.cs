using System.Diagnostics;
using System.Text.Json;
using System.Text;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Sdks;

/// <summary>A scenario worker in its own process (Python or Node), reporting one JSON event per line; closing stdin stops it.</summary>
public sealed class ProcessScenarioWorker : ScenarioWorker
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ProcessScenarioWorker(ProcessStartInfo info)
    {
        _process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {info.FileName}");
        _process.OutputDataReceived += (_, e) => OnLine(e.Data, "stdout");
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data, "stderr");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public static ProcessScenarioWorker Python(string host, string token, string[] spaces) =>
        new(SdkRuntimes.PythonStart(["scenarios/worker.py", .. Arguments(host, token, spaces)]));

    public static ProcessScenarioWorker JavaScript(string host, string token, string[] spaces) =>
        new(SdkRuntimes.NodeStart(["scenarios/worker.mjs", .. Arguments(host, token, spaces)]));

    private static string[] Arguments(string host, string token, string[] spaces) =>
        ["--host", host, "--token", token, "--spaces", string.Join(',', spaces)];

    public override string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    private void OnLine(string? line, string stream)
    {
        if (line is null)
        {
            if (stream == "stdout" && !Events.Any(e => e.GetProperty("event").GetString() == "exited"))
            {
                // The program ended without saying how (it crashed): the waits see that instead of timing out.
                Record("exited", new { kind = "crashed", error = "the process ended without an exited event" });
            }
            return;
        }
        lock (_output)
        {
            _output.AppendLine($"{stream}: {line}");
        }
        if (stream == "stdout" && line.StartsWith('{'))
        {
            Record(JsonSerializer.Deserialize<JsonElement>(line));
        }
    }

    public override async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
            await Wait.ForAsync(_process.WaitForExitAsync(), $"the worker process to stop\n{Output}");
        }
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
    }
}
