namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>error</c> on <c>datasets/{id}/progress</c>.</summary>
public sealed record DatasetFailed(string DatasetId, string Status, string Message);
