using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Spaces.Bench;

/// <summary>
/// The Spaces host as a separate process on a free loopback port with a fresh data folder, so that its memory is measured
/// without the benchmark's own. Killed on dispose and on process exit.
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ChildProcessGuard _guard;
    private readonly DirectoryInfo _dataPath;

    private HostProcess(Process process, DirectoryInfo dataPath, Uri baseAddress)
    {
        _process = process;
        _guard = new ChildProcessGuard(process);
        _dataPath = dataPath;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>What the host wrote to stdout and stderr.</summary>
    public HostLog Log { get; } = new();

    public static Task<HostProcess> StartAsync(string apiDll, string adminPassword, CancellationToken cancellationToken) =>
        StartAsync(apiDll, adminPassword, new Dictionary<string, string>(), cancellationToken);

    /// <param name="environment">More settings for the host, such as <c>Spaces__HuggingFace__Endpoint</c>.</param>
    public static async Task<HostProcess> StartAsync(
        string apiDll, string adminPassword, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        if (!File.Exists(apiDll))
        {
            throw new FileNotFoundException($"The host is not built: {apiDll} is missing. Run `dotnet build -c Release Api` first.");
        }

        var port = FreeLoopbackPort();
        var dataPath = Directory.CreateTempSubdirectory("spaces-bench-");
        var settings = new Dictionary<string, string>
        {
            ["Spaces__DataPath"] = dataPath.FullName,
            ["Spaces__Admin__Password"] = adminPassword,
            ["Spaces__Cluster__SiloPort"] = FreeLoopbackPort().ToString(CultureInfo.InvariantCulture),
            ["Spaces__Queue__MaxQueueSize"] = "100000",
            // The bench submits everything as one user.
            ["Spaces__Queue__MaxQueuedPerUser"] = "100000",
        };
        foreach (var (name, value) in environment)
        {
            settings[name] = value;
        }

        return await LaunchAsync(apiDll, ["--urls", $"http://127.0.0.1:{port}"], settings, port, dataPath, cancellationToken);
    }

    /// <summary>
    /// Starts <c>dotnet <paramref name="dll"/> <paramref name="arguments"/></c>, serving HTTP on <paramref name="port"/>,
    /// and returns once its GET /health answers 200; <paramref name="dataPath"/> is deleted with it.
    /// </summary>
    internal static async Task<HostProcess> LaunchAsync(
        string dll,
        IReadOnlyList<string> arguments,
        IReadOnlyDictionary<string, string> environment,
        int port,
        DirectoryInfo dataPath,
        CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(dll)) ?? Environment.CurrentDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        var host = new HostProcess(process, dataPath, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => host.Log.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => host.Log.OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await host.WaitHealthyAsync(cancellationToken);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }

        return host;
    }

    /// <summary>CPU time the host process has used so far, user and kernel: unlike latency, not stretched by other processes' load.</summary>
    public TimeSpan ReadCpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    /// <summary>Resident set size of the host process (VmRSS of /proc/{pid}/status), in KiB.</summary>
    public long ReadRssKiB() => ReadStatusNumber("VmRSS");

    /// <summary>The host's managed heap that a forced full collection leaves (<see cref="GcHeapReading"/>), in KiB.</summary>
    public Task<long> ReadLiveHeapKiBAsync(CancellationToken cancellationToken) => GcHeapReading.LiveKiBAfterFullGcAsync(_process.Id, cancellationToken);

    /// <summary>Threads of the host process now (Threads of /proc/{pid}/status): each one's touched stack counts in RSS.</summary>
    public long ReadThreads() => ReadStatusNumber("Threads");

    /// <summary>Peak resident set size since the host started (VmHWM, the "high water mark"), in KiB.</summary>
    public long ReadPeakRssKiB() => ReadStatusNumber("VmHWM");

    public async ValueTask DisposeAsync()
    {
        _guard.Kill();
        try
        {
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"The host process {_process.Id} did not exit within 10 s of being killed.");
        }

        _process.Dispose();
        try
        {
            _dataPath.Delete(recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete the host's data folder {_dataPath.FullName}: {e.Message}");
        }
    }

    private async Task WaitHealthyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        await Phase.UntilAsync(
            async ct =>
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"The host exited with code {_process.ExitCode} during start-up:\n{Log.Tail()}");
                }

                try
                {
                    using var response = await http.GetAsync("health", ct);
                    return response.StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false; // not listening yet
                }
            },
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(60), "host start-up (GET /health = 200)", cancellationToken);
    }

    private long ReadStatusNumber(string field)
    {
        var prefix = field + ":";
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                return long.Parse(line[prefix.Length..].Trim().Split(' ')[0]);
            }
        }

        throw new InvalidOperationException($"/proc/{_process.Id}/status has no {field} line.");
    }

    internal static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
