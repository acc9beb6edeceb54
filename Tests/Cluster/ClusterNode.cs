using System.Diagnostics;
using System.Globalization;
using System.Text;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

/// <summary>What a cluster process is: a web host (the Api, with its co-hosted silo) or a headless job silo.</summary>
public enum ClusterNodeKind
{
    WebHost,
    JobSilo,
}

/// <summary>
/// One process of a test cluster, on loopback ports of its own (HTTP for a web host; silo and gateway ports from
/// <see cref="HostProcess.FreeSiloPort"/>), with its own data folder. <see cref="KillAsync"/> is <c>kill -9</c>.
/// </summary>
public sealed class ClusterNode : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private ClusterNode(string name, ClusterNodeKind kind, Process process, int httpPort, int siloPort, int gatewayPort, string earlierOutput)
    {
        (Name, Kind, _process, HttpPort, SiloPort, GatewayPort) = (name, kind, process, httpPort, siloPort, gatewayPort);
        _output.Append(earlierOutput);
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public ClusterNodeKind Kind { get; }

    /// <summary>0 for a job silo, which serves no HTTP.</summary>
    public int HttpPort { get; }

    public int SiloPort { get; }

    public int GatewayPort { get; }

    public string BaseUrl => $"http://127.0.0.1:{HttpPort}";

    public bool IsAlive => !_process.HasExited;

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

    /// <summary>
    /// Starts the process, on free ports, or on <paramref name="ports"/> after <paramref name="earlierOutput"/> (a restart
    /// of a node that stopped: its <see cref="Output"/> reads on across the restart); <see cref="WaitReadyAsync"/> waits
    /// until it serves.
    /// </summary>
    public static ClusterNode Start(
        string name, ClusterNodeKind kind, string dataPath, IReadOnlyDictionary<string, string> environment,
        (int Http, int Silo, int Gateway)? ports = null, string earlierOutput = "")
    {
        var (project, dll) = kind == ClusterNodeKind.WebHost ? ("Api", "Spaces.Api.dll") : ("Silo", "Spaces.Silo.dll");
        var binFolder = new DirectoryInfo(AppContext.BaseDirectory);
        var folder = RepoPaths.Of(project, "bin", binFolder.Parent!.Name, binFolder.Name); // Tests/bin/{Configuration}/net10.0/
        var path = Path.Combine(folder, dll);
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The {kind} is not built at {path}: build the solution first");
        }
        var (httpPort, siloPort, gatewayPort) = ports
            ?? (kind == ClusterNodeKind.WebHost ? HostProcess.FreePort() : 0, HostProcess.FreeSiloPort(), HostProcess.FreeSiloPort());
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(path);
        if (kind == ClusterNodeKind.WebHost)
        {
            info.ArgumentList.Add("--urls");
            info.ArgumentList.Add($"http://127.0.0.1:{httpPort}");
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Spaces__DataPath"] = dataPath;
        info.Environment["Spaces__Cluster__SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture);
        info.Environment["Spaces__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture);
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {name}");
        return new ClusterNode(name, kind, process, httpPort, siloPort, gatewayPort, earlierOutput);
    }

    /// <summary>
    /// A web host is ready when <c>/health/ready</c> says so (its silo is active in the membership); a job silo when its
    /// host has started, which is after its silo joined.
    /// </summary>
    public async Task WaitReadyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Wait.UntilAsync(
            async () =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"{Name} exited with {_process.ExitCode}:\n{Output}");
                }
                if (Kind == ClusterNodeKind.JobSilo)
                {
                    return Output.Contains("Application started", StringComparison.Ordinal);
                }
                try
                {
                    return (await http.GetAsync($"{BaseUrl}/health/ready")).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
                catch (TaskCanceledException)
                {
                    return false;
                }
            },
            $"{Name} to be ready",
            timeout);
    }

    /// <summary>
    /// SIGTERM, as a platform stops an instance it replaces: the host shuts down gracefully (its silo leaves the
    /// membership, its hub connections close) and the process exits.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }
        await Wait.ForAsync(_process.WaitForExitAsync(), $"{Name} to stop after SIGTERM", timeout);
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or container dies.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await Wait.ForAsync(_process.WaitForExitAsync(), $"{Name} to exit after kill -9");
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
