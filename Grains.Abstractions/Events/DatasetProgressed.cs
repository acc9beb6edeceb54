namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>progress</c> on <c>datasets/{id}/progress</c>.</summary>
public sealed record DatasetProgressed(string DatasetId, double Progress, string Status, string Message);
