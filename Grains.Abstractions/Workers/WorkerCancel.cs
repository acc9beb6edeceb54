using Orleans;

namespace Spaces.Grains.Abstractions.Workers;

/// <summary>What the server sends a worker as <c>Cancel(...)</c>.</summary>
[GenerateSerializer, Immutable, Alias("spaces.worker-cancel")]
public sealed record WorkerCancel([property: Id(0)] string RequestId);
