using Orleans;
using Spaces.Grains.Publishing;
using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Grains.Spaces;

[GenerateSerializer, Alias("spaces.request-state")]
public sealed class RequestState : IChannelOwnerState
{
    [Id(0)] public string SpaceId { get; set; } = "";
    [Id(1)] public string SubmitterId { get; set; } = "";
    [Id(2)] public string Prompt { get; set; } = "";
    [Id(3)] public List<RequestFile> Files { get; set; } = [];
    [Id(4)] public string Status { get; set; } = RequestStatuses.Queued;

    /// <summary>The attempts made so far; the current one while processing.</summary>
    [Id(5)] public int Attempts { get; set; }
    [Id(6)] public double Progress { get; set; }
    [Id(7)] public string? Message { get; set; }

    /// <summary>The worker's result, as JSON text.</summary>
    [Id(8)] public string? ResultJson { get; set; }
    [Id(9)] public string? Error { get; set; }
    [Id(10)] public DateTimeOffset CreatedAt { get; set; }
    [Id(11)] public DateTimeOffset? StartedAt { get; set; }
    [Id(12)] public DateTimeOffset? CompletedAt { get; set; }
    [Id(13)] public List<ResultFile> ResultFiles { get; set; } = [];

    /// <summary>The channel's seqs up to here may have been handed out (see <c>ChannelPublisher</c>).</summary>
    [Id(14)] public long SeqReservedThrough { get; set; }
}
