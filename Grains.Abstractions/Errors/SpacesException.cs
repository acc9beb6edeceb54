using Orleans;

namespace Spaces.Grains.Abstractions.Errors;

/// <summary>
/// A typed refusal: the call changed nothing, and <see cref="Code"/> says why. It crosses grain calls whole (Orleans
/// serializes the code with the message), so a refusal reads the same on whichever host it is mapped.
/// </summary>
[GenerateSerializer, Alias("spaces.error")]
public sealed class SpacesException : Exception
{
    public SpacesException(ErrorCode code, string detail)
        : base(detail)
    {
        Code = code;
    }

    [Id(0)]
    public ErrorCode Code { get; private set; }

    public string Detail => Message;

    /// <summary>For refusals that pass with time (rate limits): when to try again, sent as <c>Retry-After</c>.</summary>
    [Id(1)]
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>
    /// Which rule of <see cref="Code"/> refused, where clients word each differently (password rules:
    /// <c>PasswordLength</c>, ...); sent as the problem's <c>reason</c>, with <see cref="ReasonArgs"/> to fill its words.
    /// </summary>
    [Id(2)]
    public string? Reason { get; init; }

    [Id(3)]
    public IReadOnlyList<string> ReasonArgs { get; init; } = [];

    public static SpacesException SpaceNotFound(string spaceIdOrName) => new(ErrorCode.SpaceNotFound, $"Space not found: {spaceIdOrName}");

    public static SpacesException RequestNotFound(string requestId) => new(ErrorCode.RequestNotFound, $"Request not found: {requestId}");

    public static SpacesException RequestNotProcessing(string requestId, string status) =>
        new(ErrorCode.RequestNotProcessing, $"Request {requestId} is {status}; result files are accepted only while it is processing");

    public static SpacesException StorageUnavailable() =>
        new(ErrorCode.StorageUnavailable, "The service's storage is unavailable; nothing was changed, try again shortly");

    public static SpacesException NoWorkerConnected() => new(ErrorCode.NoWorkerConnected, "remote app not connected");
}
