using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Grains.Spaces;

/// <summary>Space rows as the contract shows them.</summary>
public static class SpaceViews
{
    public static SpaceInputs Inputs(SpaceState s) => new(s.InputPrompt, s.InputAudio, s.InputVideo, s.InputImage, s.InputFile);

    public static SpaceView From(SpaceState s, long? oldestQueuedAt) => new(
        s.Id,
        s.Name,
        s.Description,
        Inputs(s),
        s.Cover,
        s.WorkerConnectionId is not null,
        s.QueueSize,
        new WorkerView(s.WorkerConnectionId is not null, Time(s.WorkerConnectedAt), Time(s.WorkerLastSeenAt)),
        Time(oldestQueuedAt));

    public static DateTimeOffset? Time(long? unixMs) => unixMs is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
