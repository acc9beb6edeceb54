namespace Spaces.Grains.Abstractions.Spaces;

/// <summary>A submission, its files already stored under blob names that the API generated.</summary>
public sealed record NewRequest(string RequestId, string Prompt, IReadOnlyList<RequestFile> Files, string SubmitterId);
