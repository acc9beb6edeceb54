using System.Text.Json;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Runtime;
using Spaces.Grains.Spaces;

namespace Spaces.Tests.Grains;

/// <summary>
/// Runs grains over in-memory rows, one call per turn: rows are restored if the call throws and
/// the emitted events are kept only if it returned, as the real runtime does. No I/O.
/// </summary>
internal sealed class GrainTestbed
{
    private Dictionary<string, SpaceState> _spaces = [];
    private Dictionary<string, RequestState> _requests = [];
    private Dictionary<(string RequestId, string Name), ResultFile> _resultFiles = [];

    public ManualTime Time { get; } = new();

    public SpaceGrainOptions Options { get; } = new() { MaxQueueSize = 5, MaxAttempts = 2, PositionWindow = 3 };

    public List<(string Channel, string Type, JsonElement Data)> Events { get; } = [];

    public SpaceState Space(string id) => _spaces[id];

    public RequestState Request(string id) => _requests[id];

    public ResultFile? ResultFile(string requestId, string name) => _resultFiles.GetValueOrDefault((requestId, name));

    public Task<T> CallAsync<T>(string spaceId, Func<ISpaceGrain, Task<T>> call) =>
        RunTurnAsync(turn => call(new SpaceGrain(spaceId, turn, Time, Options)));

    public Task CallAsync(string spaceId, Func<ISpaceGrain, Task> call) => RunTurnAsync(async turn =>
    {
        await call(new SpaceGrain(spaceId, turn, Time, Options));
        return 0;
    });

    private async Task<T> RunTurnAsync<T>(Func<ITurn, Task<T>> body)
    {
        var saved = (new Dictionary<string, SpaceState>(_spaces), new Dictionary<string, RequestState>(_requests),
            new Dictionary<(string, string), ResultFile>(_resultFiles));
        var turn = new Turn(this);
        try
        {
            var result = await body(turn);
            Events.AddRange(turn.Emitted);
            return result;
        }
        catch
        {
            (_spaces, _requests, _resultFiles) = saved;
            throw;
        }
    }

    public IEnumerable<(string Type, JsonElement Data)> On(string channel) =>
        Events.Where(e => e.Channel == channel).Select(e => (e.Type, e.Data));

    private sealed class Turn(GrainTestbed bed) : ITurn, ISpaceStore
    {
        public List<(string, string, JsonElement)> Emitted { get; } = [];

        public ISpaceStore Spaces => this;

        public void Emit(string channel, string type, object data) =>
            Emitted.Add((channel, type, JsonSerializer.SerializeToElement(data, data.GetType(), global::Spaces.Grains.Abstractions.SpacesJson.Options)));

        public Task<SpaceState?> GetSpaceAsync(string spaceId) => Task.FromResult(bed._spaces.GetValueOrDefault(spaceId));

        public Task InsertSpaceAsync(SpaceState space) => Task.FromResult(bed._spaces[space.Id] = space);

        public Task UpdateSpaceAsync(SpaceState space) => Task.FromResult(bed._spaces[space.Id] = space);

        public Task DeleteSpaceAsync(string spaceId) => Task.FromResult(bed._spaces.Remove(spaceId));

        public Task<RequestState?> GetRequestAsync(string requestId) => Task.FromResult(bed._requests.GetValueOrDefault(requestId));

        public Task InsertRequestAsync(RequestState request) => Task.FromResult(bed._requests[request.Id] = request);

        public Task UpdateRequestAsync(RequestState request) => Task.FromResult(bed._requests[request.Id] = request);

        public Task<RequestState?> GetQueueHeadAsync(string spaceId) => Task.FromResult(Queued(spaceId).FirstOrDefault());

        public Task<IReadOnlyList<string>> GetQueuedIdsAsync(string spaceId, int limit) =>
            Task.FromResult<IReadOnlyList<string>>([.. Queued(spaceId).Take(limit).Select(r => r.Id)]);

        public Task<int> CountQueuedBySubmitterAsync(string spaceId, string submitterId) =>
            Task.FromResult(Queued(spaceId).Count(r => r.SubmitterId == submitterId));

        public Task<ResultFile?> GetResultFileAsync(string requestId, string name) =>
            Task.FromResult(bed._resultFiles.GetValueOrDefault((requestId, name)));

        public Task SaveResultFileAsync(string requestId, ResultFile file) =>
            Task.FromResult(bed._resultFiles[(requestId, file.Name)] = file);

        private IEnumerable<RequestState> Queued(string spaceId) =>
            bed._requests.Values.Where(r => r.SpaceId == spaceId && r.Status == RequestStatuses.Queued).OrderBy(r => r.Ticket);
    }
}

internal sealed class ManualTime : TimeProvider
{
    private DateTimeOffset _now = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
