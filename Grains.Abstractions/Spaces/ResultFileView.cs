namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>
/// A result file as the API answers its upload, and as a worker lists it under <c>files</c> in its result:
/// <c>{name, content_type, size, url}</c>, where <c>url</c> is <c>/api/requests/{id}/results/{name}</c>.
/// </summary>
public sealed record ResultFileView(string Name, string ContentType, long Size, string Url);
