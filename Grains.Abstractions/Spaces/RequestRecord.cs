using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A request as its grain answers reads: the view, who submitted it (for access checks) and its stored files.</summary>
[GenerateSerializer, Immutable, Alias("spaces.request-record")]
public sealed record RequestRecord(
    [property: Id(0)] RequestView View, [property: Id(1)] string SubmitterId, [property: Id(2)] IReadOnlyList<RequestFile> Files);
