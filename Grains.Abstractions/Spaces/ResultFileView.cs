using Orleans;

namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>
/// A result file as the API answers its upload, and as a worker lists it under <c>files</c> in its result:
/// <c>{name, content_type, size, url}</c>, where <c>url</c> is <c>/api/requests/{id}/results/{name}</c>.
/// </summary>
[GenerateSerializer, Immutable, Alias("spaces.result-file-view")]
public sealed record ResultFileView(
    [property: Id(0)] string Name, [property: Id(1)] string ContentType, [property: Id(2)] long Size, [property: Id(3)] string Url);
