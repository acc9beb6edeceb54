using System.Text.Json;
using Orleans;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Publishing;

namespace Spaces.Grains.Datasets;

[GenerateSerializer, Alias("spaces.dataset-state")]
public sealed class DatasetState : IChannelOwnerState
{
    [Id(0)] public string OwnerId { get; set; } = "";
    [Id(1)] public string RepoId { get; set; } = "";
    [Id(2)] public string? Config { get; set; }
    [Id(3)] public string Split { get; set; } = "train";
    [Id(4)] public string? Revision { get; set; }
    [Id(5)] public string Status { get; set; } = DatasetStatuses.Pending;
    [Id(6)] public double Progress { get; set; }
    [Id(7)] public string? Message { get; set; }
    [Id(8)] public string? Error { get; set; }
    [Id(9)] public long? NumSamples { get; set; }
    [Id(10)] public long? SizeBytes { get; set; }
    [Id(11)] public List<DatasetFile> Files { get; set; } = [];
    [Id(12)] public TokenizationInfo? Tokenization { get; set; }
    [Id(13)] public JsonElement? Statistics { get; set; }
    [Id(14)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The run of the current job, until it ends.</summary>
    [Id(15)] public JobTicket? Job { get; set; }

    /// <summary>The channel's seqs up to here may have been handed out (see <c>ChannelPublisher</c>).</summary>
    [Id(16)] public long SeqReservedThrough { get; set; }

    /// <summary>What the current job finished in earlier runs (imported files), kept until the job ends.</summary>
    [Id(17)] public List<DatasetFile> Checkpoint { get; set; } = [];

    /// <summary>The key and arguments of <see cref="Message"/>, for pages to translate.</summary>
    [Id(18)] public string? MessageKey { get; set; }

    [Id(19)] public JsonElement? MessageArgs { get; set; }

    /// <summary>How far the current tokenization got in earlier runs (the last shard stored whole), kept until the job ends.</summary>
    [Id(20)] public TokenizeCheckpoint? TokenizeCheckpoint { get; set; }

    /// <summary>Shows <paramref name="message"/> (its English text, key and arguments).</summary>
    public void Say(DatasetMessage message) => (Message, MessageKey, MessageArgs) = (message.Text, message.Key, message.Args);
}
