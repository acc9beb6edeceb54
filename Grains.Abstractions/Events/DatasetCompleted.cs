using System.Text.Json;

namespace Spaces.Grains.Abstractions.Events;

/// <summary><c>completed</c> on <c>datasets/{id}/progress</c>: the import or tokenization finished.</summary>
public sealed record DatasetCompleted(
    string DatasetId,
    double Progress,
    string Status,
    string Message,
    string Key,
    JsonElement Args,
    long NumSamples,
    long SizeBytes,
    JsonElement Statistics);
