using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using System.Net.Sockets;
using System.Text;

namespace Spaces.Tests.Infrastructure;

/// <summary>
/// A private Azurite (the npm package of Tests/js), started once for the <see cref="AzuriteCollection"/> on free loopback
/// ports, in memory (its working folder a temp one), and killed when the collection ends. Fails, saying what to do,
/// when Node or the package is missing.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    // Azurite's published development account; the key is public (it is in Azurite's documentation), not a secret.
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly TempFolder _workspace = new();
    private readonly StringBuilder _output = new();
    private readonly Dictionary<string, Task<IAsyncDisposable>> _shared = new(StringComparer.Ordinal);
    private Process? _process;
    private TcpGate[]? _gates;

    public int BlobPort { get; } = HostProcess.FreePort();

    public int TablePort { get; } = HostProcess.FreePort();

    public int QueuePort { get; } = HostProcess.FreePort();

    /// <summary>A connection string with this Azurite's blob and table endpoints.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{Account};TableEndpoint=http://127.0.0.1:{TablePort}/{Account};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{Account};";

    /// <summary>
    /// The settings of a Spaces host in <c>Spaces:Storage=AzureStorage</c> mode on this Azurite, over <paramref name="extra"/>:
    /// a cluster id of its own, so hosts of different tests never join one another's cluster, and a service id of its own
    /// unless <paramref name="extra"/> names one: grain state is keyed by service id, so hosts sharing one would share
    /// (and race on) the same users, directories and lists; and a blob container named after the service id.
    /// </summary>
    public Dictionary<string, string?> HostSettings(IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
        {
            ["Spaces:Storage"] = "AzureStorage",
            ["ConnectionStrings:AzureStorage"] = ConnectionString,
            ["Spaces:Cluster:ClusterId"] = $"test-{Guid.NewGuid():N}",
            ["Spaces:Cluster:AdvertisedAddress"] = "127.0.0.1",
            ["Spaces:Cluster:GatewayPort"] = $"{HostProcess.FreePort()}",
        };
        settings.TryAdd("Spaces:Cluster:ServiceId", $"test-{Guid.NewGuid():N}"[..20]);
        // Blobs of one service apart from the others' too, in a container named like it (test service ids are valid names).
        settings.TryAdd("Spaces:Storage:BlobContainer", settings["Spaces:Cluster:ServiceId"]!.ToLowerInvariant());
        return settings;
    }

    /// <summary>The host runs in AzureStorage mode indeed: Azure Blob files, Azure Table membership and grain state.</summary>
    public static void AssertOnAzureStorage(SpacesHost host)
    {
        Assert.IsType<Spaces.Silo.Blobs.AzureBlobStore>(host.Services.GetRequiredService<Spaces.Silo.Blobs.IBlobStore>());
        Assert.Contains("Azure", host.Services.GetRequiredService<Orleans.IMembershipTable>().GetType().FullName, StringComparison.Ordinal);
        Assert.Contains("Azure", host.Services.GetRequiredKeyedService<Orleans.Storage.IGrainStorage>(Spaces.Grains.GrainStorage.Name).GetType().FullName, StringComparison.Ordinal);
    }

    /// <summary>
    /// Keeps the data in its working folder instead of memory, and serves through <see cref="TcpGate"/>s on the public
    /// ports, so <see cref="StopAsync"/> and <see cref="StartAsync"/> are an outage that loses nothing acknowledged: the
    /// gates cut every connection first, then Azurite saves what it holds and exits. (Stopped directly, it goes on
    /// serving open keep-alive connections after its last save, and acknowledged writes are lost.)
    /// </summary>
    public bool OnDisk
    {
        get => _gates is not null;
        init => _gates = value ? [new TcpGate(BlobPort, HostProcess.FreePort()), new TcpGate(TablePort, HostProcess.FreePort()), new TcpGate(QueuePort, HostProcess.FreePort())] : null;
    }

    /// <summary>The ports Azurite itself listens on: the public ones, or the gates' targets.</summary>
    private (int Blob, int Table, int Queue) Listening => _gates is { } gates
        ? (gates[0].Target, gates[1].Target, gates[2].Target)
        : (BlobPort, TablePort, QueuePort);

    public bool IsRunning => _process is { HasExited: false };

    public Task InitializeAsync() => StartAsync();

    /// <summary>Starts Azurite on this fixture's ports (again, after <see cref="StopAsync"/>: the same ports and folder).</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException("Azurite is already running");
        }
        var script = RepoPaths.Of("Tests", "js", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {script}: run 'npm ci --prefix Tests/js' (scripts/test.sh does)");
        }
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workspace.Path,
        };
        string[] persistence = OnDisk ? ["--location", _workspace.Path] : ["--inMemoryPersistence"];
        foreach (var argument in (string[])
        [
            script, .. persistence, "--silent", "--disableTelemetry",
            "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--blobPort", $"{Listening.Blob}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{Listening.Table}",
            "--queueHost", "127.0.0.1", "--queuePort", $"{Listening.Queue}",
        ])
        {
            info.ArgumentList.Add(argument);
        }
        _process?.Dispose();
        try
        {
            _process = Process.Start(info) ?? throw new InvalidOperationException("Could not start node for Azurite");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException("Azurite needs Node.js ('node' on PATH); scripts/test.sh installs it", e);
        }
        var process = _process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Wait.UntilAsync(async () => process.HasExited || (await Listens(Listening.Blob) && await Listens(Listening.Table)),
                "Azurite listening on its blob and table ports", TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nAzurite said: {Output()}");
        }
        if (process.HasExited)
        {
            throw new InvalidOperationException($"Azurite exited with {process.ExitCode}: {Output()}");
        }
        foreach (var gate in _gates ?? [])
        {
            gate.Open();
        }
    }

    /// <summary>
    /// Stops Azurite as a service stops, with SIGTERM: it closes its ports and, <see cref="OnDisk"/>, saves what it holds.
    /// Fails (after a SIGKILL) if it has not exited within <paramref name="timeout"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        var process = _process is { HasExited: false } running ? running : throw new InvalidOperationException("Azurite is not running");
        foreach (var gate in _gates ?? [])
        {
            await gate.CloseAsync();
        }
        await ExternalProcess.SignalAsync(process.Id, "TERM");
        try
        {
            await Wait.ForAsync(process.WaitForExitAsync(), "Azurite to exit after SIGTERM", timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{e.Message}\nAzurite said: {Output()}");
        }
    }

    /// <summary>
    /// One <typeparamref name="T"/> per <paramref name="key"/> for the whole collection (say a silo on this Azurite),
    /// created on first use and disposed before Azurite stops.
    /// </summary>
    public async Task<T> SharedAsync<T>(string key, Func<AzuriteFixture, Task<T>> create) where T : IAsyncDisposable
    {
        Task<IAsyncDisposable> task;
        lock (_shared)
        {
            if (!_shared.TryGetValue(key, out var existing))
            {
                existing = CreateAsync();
                _shared.Add(key, existing);
            }
            task = existing;
        }
        return (T)await task;

        async Task<IAsyncDisposable> CreateAsync() => await create(this);
    }

    public async Task DisposeAsync()
    {
        foreach (var shared in _shared.Values)
        {
            if (shared.IsCompletedSuccessfully)
            {
                await shared.Result.DisposeAsync();
            }
        }
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        foreach (var gate in _gates ?? [])
        {
            await gate.DisposeAsync();
        }
        _process?.Dispose();
        _workspace.Dispose();
    }

    private static async Task<bool> Listens(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }
}

/// <summary>The tests that share the one private Azurite of a test run.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
