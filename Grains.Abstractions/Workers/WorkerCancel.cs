namespace Spaces.Grains.Abstractions.Workers;

/// <summary>What the server sends a worker as <c>Cancel(...)</c>.</summary>
public sealed record WorkerCancel(string RequestId);
