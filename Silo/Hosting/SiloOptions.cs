namespace Spaces.Silo.Hosting;

/// <summary>Storage and liveness settings (section <c>Spaces</c>).</summary>
public sealed class SiloOptions
{
    public const string Section = "Spaces";

    /// <summary><c>Sqlite</c>: one node, state in a file under <see cref="DataPath"/>.</summary>
    public string Storage { get; set; } = "Sqlite";

    /// <summary>Folder of the SQLite file and of filesystem blobs.</summary>
    public string DataPath { get; set; } = "data";

    /// <summary><c>FileSystem</c>: blobs as files under <see cref="DataPath"/>/blobs.</summary>
    public string Blobs { get; set; } = "FileSystem";

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A node silent this long is dead: its workers are detached and their in-flight requests requeued.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Events stay in the log this long, for subscribers that resume with <c>afterSeq</c>.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromHours(24);
}
