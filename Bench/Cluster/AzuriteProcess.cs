using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Spaces.Bench.Cluster;

/// <summary>
/// A private Azurite (the npm package of Tests/js) on free loopback ports, in memory, for the cluster's grain state,
/// membership and blobs; killed on dispose.
/// </summary>
public sealed class AzuriteProcess : IAsyncDisposable
{
    // Azurite's published development account; the key is public (it is in Azurite's documentation), not a secret.
    private const string Account = "devstoreaccount1";
    private const string Key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process _process;
    private readonly ChildProcessGuard _guard;
    private readonly DirectoryInfo _workspace;
    private readonly StringBuilder _output = new();

    private AzuriteProcess(Process process, DirectoryInfo workspace, int blobPort, int tablePort, int queuePort)
    {
        (_process, _workspace) = (process, workspace);
        _guard = new ChildProcessGuard(process);
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName={Account};AccountKey={Key};" +
                           $"BlobEndpoint=http://127.0.0.1:{blobPort}/{Account};TableEndpoint=http://127.0.0.1:{tablePort}/{Account};" +
                           $"QueueEndpoint=http://127.0.0.1:{queuePort}/{Account};";
    }

    public string ConnectionString { get; }

    public static async Task<AzuriteProcess> StartAsync(CancellationToken cancellationToken)
    {
        var script = Path.Combine(NodeScripts.FindRepoRoot(), "Tests", "js", "node_modules", "azurite", "dist", "src", "azurite.js");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException($"Azurite is not installed at {script}: run `npm ci --prefix Tests/js` first.");
        }

        var (blob, table, queue) = (HostProcess.FreeLoopbackPort(), HostProcess.FreeLoopbackPort(), HostProcess.FreeLoopbackPort());
        var workspace = Directory.CreateTempSubdirectory("spaces-bench-azurite-");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = workspace.FullName,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     script, "--inMemoryPersistence", "--silent", "--disableTelemetry", "--skipApiVersionCheck", "--loose",
                     "--blobHost", "127.0.0.1", "--blobPort", $"{blob}", "--tableHost", "127.0.0.1", "--tablePort", $"{table}",
                     "--queueHost", "127.0.0.1", "--queuePort", $"{queue}",
                 })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var azurite = new AzuriteProcess(process, workspace, blob, table, queue);
        process.OutputDataReceived += (_, e) => azurite.Append(e.Data);
        process.ErrorDataReceived += (_, e) => azurite.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Phase.UntilAsync(
                async ct => process.HasExited
                    ? throw new InvalidOperationException($"Azurite exited with {process.ExitCode}: {azurite.Output()}")
                    : await ListensAsync(blob, ct) && await ListensAsync(table, ct),
                TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(30), "Azurite listening on its blob and table ports", cancellationToken);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        return azurite;
    }

    public async ValueTask DisposeAsync()
    {
        _guard.Kill();
        await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
        _workspace.Delete(recursive: true);
    }

    private static async Task<bool> ListensAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
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
