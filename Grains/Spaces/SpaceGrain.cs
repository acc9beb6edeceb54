using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Grains.Publishing;

namespace Spaces.Grains.Spaces;

/// <summary>
/// The owner of one space and of its status channel. Each call validates, changes the state, writes it, then publishes
/// what it emitted, so a durable fact is stored before anyone hears it. Split by concern: definition and plumbing here,
/// the queue, the worker, and the worker's reports in their own files.
/// </summary>
public sealed partial class SpaceGrain(
    [PersistentState("space", GrainStorage.Name)] IPersistentState<SpaceState> space,
    ChannelPublishers publishers,
    IClusterMembershipService membership,
    ILocalSiloDetails silo,
    TimeProvider time,
    IOptions<SpaceGrainOptions> options,
    ILogger<SpaceGrain> logger) : Grain, ISpaceGrain, IRemindable
{
    private const string ExpiryReminder = "queue-expiry";

    private ChannelPublisher? _channel;
    private bool _writeFailed;
    private IGrainTimer? _timer;

    /// <summary>The in-flight request whose outcome is being stored while the next one is leased (see EndInFlightAsync).</summary>
    private InFlightRequest? _ending;

    /// <summary>The in-flight request came from the store, not from this activation: see <see cref="ConfirmInFlightAsync"/>.</summary>
    private bool _inFlightUnconfirmed;

    private string Id => this.GetPrimaryKeyString();

    private SpaceState State => space.State;

    private SpaceGrainOptions Options => options.Value;

    private ChannelPublisher Channel => _channel ?? throw new InvalidOperationException("The space grain is not active");

    private DateTimeOffset Now => time.GetUtcNow();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _channel = publishers.Create(Channels.SpaceStatus(Id), State.SeqReservedThrough);
        if (space.RecordExists && State.Worker is { } worker && !IsHostAlive(worker.Connection.Host))
        {
            // Active again on another silo, or after a restart: the host that held the worker's connection is gone.
            await DetachAsync(worker.Connection.ConnectionId, "The worker's host stopped");
        }
        // Not asked here: the request may be waiting on this activation (its view asks the position), which cannot answer yet.
        _inFlightUnconfirmed = State.InFlight is not null;
        ArmTimer();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        Channel.HandBackAsync(space, _writeFailed, e => Log.HandBackFailed(logger, Id, e), cancellationToken);

    public async Task<SpaceView> CreateAsync(SpaceDefinition definition, string ownerId)
    {
        Validate(definition);
        if (space.RecordExists)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Space {Id} already exists");
        }
        Apply(definition);
        (State.OwnerId, State.CreatedAt) = (ownerId, Now);
        // Listed first: a listed id whose space is not stored is left out of lists, a stored space that is not listed would be lost.
        await Directory.SetAsync(Id, State.Name);
        await SaveAsync();
        return SpaceViews.From(Id, State);
    }

    public async Task<SpaceView> UpdateAsync(SpaceDefinition definition)
    {
        Validate(definition);
        var previousName = Loaded().Name;
        Apply(definition);
        await SaveAsync();
        if (State.Name != previousName)
        {
            await Directory.SetAsync(Id, State.Name);
        }
        return SpaceViews.From(Id, State);
    }

    /// <summary>Removes the space; its open requests end as cancelled so nobody waits on them forever.</summary>
    public async Task DeleteAsync()
    {
        var state = Loaded();
        if (state.InFlight is { } inFlight)
        {
            await Request(inFlight.Entry.RequestId).CancelAsync("Space deleted");
            await TellWorkerOfCancelAsync(inFlight);
        }
        await Task.WhenAll(state.Queue.Select(e => Request(e.RequestId).CancelAsync("Space deleted")));
        await Directory.RemoveAsync(Id);
        if (state.ExpiryReminder && await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
        await space.ClearStateAsync();
        _timer?.Dispose();
        DeactivateOnIdle();
    }

    public Task<SpaceRecord?> GetAsync() =>
        Task.FromResult(space.RecordExists ? new SpaceRecord(SpaceViews.From(Id, State), State.OwnerId) : null);

    public Task JoinAsync(RelayRegistration relay)
    {
        Channel.Join(relay, Now);
        return Task.CompletedTask;
    }

    public Task LeaveAsync(IChannelRelay relay)
    {
        Channel.Leave(relay);
        return Task.CompletedTask;
    }

    public Task<ChannelRead> ReadAsync(long afterSeq) =>
        Task.FromResult(Channel.Read(afterSeq, space.RecordExists ? SpaceViews.From(Id, State) : (object)new { }));

    private SpaceState Loaded() => space.RecordExists ? State : throw SpacesException.SpaceNotFound(Id);

    private ISpaceDirectoryGrain Directory => GrainFactory.GetGrain<ISpaceDirectoryGrain>(ISpaceDirectoryGrain.Key);

    private IRequestGrain Request(string requestId) => GrainFactory.GetGrain<IRequestGrain>(requestId);

    private void Emit(string type, object data) => Channel.Stage(type, data);

    /// <summary>Writes the state, then publishes what this call emitted (see <see cref="StoreAsync"/>).</summary>
    private async Task SaveAsync()
    {
        await StoreAsync();
        Channel.PublishStaged(Now);
    }

    /// <summary>Writes the state with the channel's reservation; a failed write drops this activation and is a 503.</summary>
    private Task StoreAsync() => Channel.StoreAsync(space, WriteFailed);

    private void WriteFailed(Exception e)
    {
        Log.WriteFailed(logger, Id, e);
        MemoryAheadOfStore();
    }

    /// <summary>Memory holds what a caller was told failed: the next call activates from the stored state.</summary>
    private void MemoryAheadOfStore()
    {
        _writeFailed = true;
        DeactivateOnIdle();
    }

    private void Apply(SpaceDefinition d)
    {
        State.Name = d.Name.Trim();
        State.Description = d.Description.Trim();
        State.Cover = d.Cover;
        State.Inputs = d.Inputs;
    }

    private static void Validate(SpaceDefinition d)
    {
        if (string.IsNullOrWhiteSpace(d.Name) || d.Name.Trim().Length > 100)
        {
            throw new SpacesException(ErrorCode.InvalidInput, "A space needs a name of 1 to 100 characters");
        }
        if (d.Name.Contains(',', StringComparison.Ordinal))
        {
            // Workers pass several names as one comma-separated list.
            throw new SpacesException(ErrorCode.InvalidInput, "A space name cannot contain a comma");
        }
        if (SpaceNames.Problem(d.Name) is { } problem)
        {
            throw new SpacesException(ErrorCode.InvalidInput, problem);
        }
        if (d.Description.Length > 2000)
        {
            throw new SpacesException(ErrorCode.InvalidInput, "A description is at most 2000 characters");
        }
    }

    /// <summary>What the per-user limit counts by: 8 bytes per queued request instead of the submitter's id.</summary>
    private static long SubmitterHash(string submitterId) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes(submitterId)), 0);

    private static partial class Log
    {
        [LoggerMessage(5001, LogLevel.Error, "Writing the state of space {SpaceId} failed; the activation is dropped")]
        public static partial void WriteFailed(ILogger logger, string spaceId, Exception exception);

        [LoggerMessage(5002, LogLevel.Warning, "Handing back the unused seqs of space {SpaceId} failed")]
        public static partial void HandBackFailed(ILogger logger, string spaceId, Exception exception);

        [LoggerMessage(5003, LogLevel.Warning, "The relay of space {SpaceId}'s worker {ConnectionId} failed; the worker is detached")]
        public static partial void RelayFailed(ILogger logger, string spaceId, string connectionId, Exception exception);

        [LoggerMessage(5004, LogLevel.Information, "Checking the worker of space {SpaceId} failed; its lease runs on")]
        public static partial void CheckFailed(ILogger logger, string spaceId, Exception exception);

        [LoggerMessage(5005, LogLevel.Error, "The timer of space {SpaceId} failed")]
        public static partial void TimerFailed(ILogger logger, string spaceId, Exception exception);

        [LoggerMessage(5006, LogLevel.Information, "Failed {Count} queued requests of space {SpaceId}: no worker within the timeout")]
        public static partial void QueueExpired(ILogger logger, string spaceId, int count);

        [LoggerMessage(5007, LogLevel.Warning, "Space {SpaceId} found request {RequestId} (attempt {Attempt}) stored in flight but not at its worker; it is sent again")]
        public static partial void Redispatching(ILogger logger, string spaceId, string requestId, int attempt);
    }
}
