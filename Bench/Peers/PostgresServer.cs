using System.Diagnostics;
using System.Globalization;

namespace Spaces.Bench.Peers;

/// <summary>
/// A private PostgreSQL from the Debian package: a cluster made by <c>initdb</c> in a temporary folder, listening on a free
/// loopback port with its socket in that folder, at the package's default settings (fsync and synchronous commit on).
/// PostgreSQL refuses to run as root, so under root the cluster belongs to the package's <c>postgres</c> user.
/// Stopped and deleted on dispose and on process exit.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    private const string User = "bench";
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(2);
    private readonly string _binDirectory;
    private readonly DirectoryInfo _folder;
    private int _stopped;

    private PostgresServer(string binDirectory, DirectoryInfo folder, int port)
    {
        _binDirectory = binDirectory;
        _folder = folder;
        ConnectionString = string.Create(CultureInfo.InvariantCulture, $"postgres://{User}@127.0.0.1:{port}/postgres");
    }

    public string ConnectionString { get; }

    private string DataDirectory => Path.Combine(_folder.FullName, "data");

    public static async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var bin = FindBinDirectory();
        // Under $TMPDIR, so that a script that sets it can find and stop a cluster this process could not (kill -9).
        var folder = Directory.CreateTempSubdirectory("spaces-bench-pg-");
        var server = new PostgresServer(bin, folder, HostProcess.FreeLoopbackPort());
        try
        {
            if (IsRoot)
            {
                await ExternalProcess.RunAsync("chown", ["postgres:", folder.FullName], null, CommandTimeout, false, cancellationToken);
            }

            Console.Error.WriteLine($"Starting PostgreSQL ({bin}) in {folder.FullName}");
            await server.RunAsync("initdb", ["-D", server.DataDirectory, "-U", User, "-A", "trust", "-E", "UTF8"], cancellationToken);
            AppDomain.CurrentDomain.ProcessExit += server.OnProcessExit; // the cluster must not outlive the benchmark
            var port = new Uri(server.ConnectionString).Port.ToString(CultureInfo.InvariantCulture);
            var settings = $"-p {port} -k {folder.FullName} -c listen_addresses=127.0.0.1";
            var log = Path.Combine(folder.FullName, "postgres.log");
            await server.RunAsync("pg_ctl", ["-D", server.DataDirectory, "-l", log, "-o", settings, "-w", "start"], cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        if (Interlocked.Exchange(ref _stopped, 1) == 0 && File.Exists(Path.Combine(DataDirectory, "postmaster.pid")))
        {
            try
            {
                await RunAsync("pg_ctl", ["-D", DataDirectory, "-m", "fast", "-w", "stop"], CancellationToken.None);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException)
            {
                Console.Error.WriteLine($"Stopping PostgreSQL in {_folder.FullName}: {e.Message}");
            }
        }

        DeleteFolder();
    }

    private Task<string> RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var (file, all) = Command(tool, arguments);
        return ExternalProcess.RunAsync(file, all, _folder.FullName, CommandTimeout, false, cancellationToken);
    }

    /// <summary>A tool of the package, as the cluster's owner.</summary>
    private (string File, string[] Arguments) Command(string tool, string[] arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        return IsRoot ? ("runuser", ["-u", "postgres", "--", path, .. arguments]) : (path, arguments);
    }

    private void OnProcessExit(object? sender, EventArgs e)
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        var (file, arguments) = Command("pg_ctl", ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
        using var stop = Process.Start(file, arguments);
        stop.WaitForExit(TimeSpan.FromSeconds(10));
        DeleteFolder();
    }

    private void DeleteFolder()
    {
        try
        {
            _folder.Delete(recursive: true);
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"Could not delete PostgreSQL's folder {_folder.FullName}: {e.Message}");
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    /// <summary>The newest server of the Debian package (/usr/lib/postgresql/N/bin), which is not on PATH.</summary>
    private static string FindBinDirectory()
    {
        var versions = Directory.Exists("/usr/lib/postgresql") ? Directory.GetDirectories("/usr/lib/postgresql") : [];
        var bin = versions
            .Select(folder => Path.Combine(folder, "bin"))
            .Where(folder => File.Exists(Path.Combine(folder, "initdb")))
            .OrderByDescending(folder => int.TryParse(Path.GetFileName(Path.GetDirectoryName(folder)), out var version) ? version : 0)
            .FirstOrDefault();
        return bin ?? throw new InvalidOperationException(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb): `apt-get install postgresql` (scripts/bench-compare.sh does).");
    }
}
