using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A submission, its files already stored under blob names that the API generated.</summary>
[GenerateSerializer, Immutable, Alias("spaces.new-request")]
public sealed record NewRequest(
    [property: Id(0)] string RequestId,
    [property: Id(1)] string Prompt,
    [property: Id(2)] IReadOnlyList<RequestFile> Files,
    [property: Id(3)] string SubmitterId);
