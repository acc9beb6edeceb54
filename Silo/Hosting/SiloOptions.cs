namespace Spaces.Silo.Hosting;

/// <summary>Storage and liveness settings (section <c>Spaces</c>).</summary>
public sealed class SiloOptions
{
    public const string Section = "Spaces";

    /// <summary>Folder of the SQLite file and of filesystem blobs.</summary>
    public string DataPath { get; set; } = "data";

    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A node silent this long is dead: its workers are detached and their in-flight requests requeued.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Events stay in the log this long, for subscribers that resume with <c>afterSeq</c>.</summary>
    public TimeSpan EventRetention { get; set; } = TimeSpan.FromHours(24);
}
