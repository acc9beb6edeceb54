using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Spaces.Tests.Infrastructure;

/// <summary>The host as its own OS process, so a test can <c>kill -9</c> it and start it again on the same data.</summary>
public sealed class HostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private HostProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

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

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static int _nextSiloPort = 20_000 + Random.Shared.Next(5_000);

    /// <summary>
    /// A port for a host's silo: counted up from below the kernel's ephemeral range (32768 and up), so it is never one a
    /// client socket or another host of this run was just given, as a port from <see cref="FreePort"/> can be.
    /// </summary>
    public static int FreeSiloPort()
    {
        while (true)
        {
            var port = Interlocked.Increment(ref _nextSiloPort);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException) when (port < 32_000)
            {
                // Taken by something else on this machine: try the next one.
            }
        }
    }

    /// <summary>How long a start may take: under a full test run on two cores, a silo joining Azure Table membership can take over 30 s.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    public static async Task<HostProcess> StartAsync(string dataPath, int port, IDictionary<string, string>? environment = null)
    {
        var binFolder = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = binFolder.Parent!.Name; // Tests/bin/{Configuration}/net10.0/
        var apiFolder = RepoPaths.Of("Api", "bin", configuration, binFolder.Name);
        var dll = Path.Combine(apiFolder, "Spaces.Api.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"The host is not built at {dll}: build the solution first");
        }
        var baseUrl = $"http://127.0.0.1:{port}";
        var info = new ProcessStartInfo("dotnet", [dll, "--urls", baseUrl])
        {
            WorkingDirectory = apiFolder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["Spaces__DataPath"] = dataPath,
                ["Spaces__Admin__Password"] = SpacesHost.AdminPassword,
                ["Spaces__Cluster__SiloPort"] = FreeSiloPort().ToString(CultureInfo.InvariantCulture),
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
            },
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        var host = new HostProcess(Process.Start(info)!, baseUrl);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            await WaitHealthyAsync(host, http);
        }
        catch
        {
            // A host that did not come up is not left running; what it printed says why it was slow or stuck.
            await host.DisposeAsync();
            throw;
        }
        return host;
    }

    private static async Task WaitHealthyAsync(HostProcess host, HttpClient http)
    {
        var baseUrl = host.BaseUrl;
        try
        {
            await Wait.UntilAsync(
                async () =>
                {
                    if (host._process.HasExited)
                    {
                        throw new InvalidOperationException($"The host exited with {host._process.ExitCode}:\n{host.Output}");
                    }
                    try
                    {
                        return (await http.GetAsync($"{baseUrl}/health")).IsSuccessStatusCode;
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                    {
                        // Not listening yet, or too busy starting to answer within the poll's 2 s: ask again.
                        return false;
                    }
                },
                "the host process to answer /health",
                StartTimeout);
        }
        catch (TimeoutException e)
        {
            var output = host.Output;
            throw new TimeoutException($"{e.Message}; the host printed, last:\n{output[^Math.Min(output.Length, 4_000)..]}");
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as when a machine or container dies.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await Wait.ForAsync(_process.WaitForExitAsync(), "the killed host to exit");
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }
        _process.Dispose();
    }
}
