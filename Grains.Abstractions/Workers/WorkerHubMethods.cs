namespace Spaces.Grains.Abstractions.Workers;

/// <summary>The names on the wire of <c>/hubs/worker</c>, shared by the hub and the worker SDK.</summary>
public static class WorkerHubMethods
{
    public const string Path = "/hubs/worker";

    // worker -> server
    public const string Register = "Register";
    public const string Progress = "Progress";
    public const string Complete = "Complete";
    public const string Fail = "Fail";

    // server -> worker
    public const string Request = "Request";
    public const string Cancel = "Cancel";
}
