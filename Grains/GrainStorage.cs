namespace Spaces.Grains;

/// <summary>The one grain storage provider every grain's state lives in (SQLite when embedded, Azure Table in a cluster).</summary>
public static class GrainStorage
{
    public const string Name = "spaces";
}
