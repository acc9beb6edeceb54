using System.Text.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Sdks;

/// <summary>How a scenario worker's run ended: <c>stopped</c>, <c>refused</c> (registration), <c>token_rejected</c> or <c>error</c>.</summary>
public sealed record ScenarioExit(string Kind, string Error);

/// <summary>
/// A worker on one language's SDK with the scenario behaviour (sdk/python/scenarios/worker.py, sdk/js/scenarios/worker.mjs,
/// <see cref="DotNetScenarioWorker"/>): the prompt picks what the handler does, and it reports <c>registered</c>,
/// <c>started</c>, <c>cancelled</c>, <c>reconnecting</c> and <c>exited</c> events.
/// </summary>
public abstract class ScenarioWorker : IAsyncDisposable
{
    private readonly List<JsonElement> _events = [];

    public IReadOnlyList<JsonElement> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>What the worker printed or logged, for failure messages.</summary>
    public abstract string Output { get; }

    protected void Record(JsonElement e)
    {
        lock (_events)
        {
            _events.Add(e.Clone());
        }
    }

    protected void Record(string name, object data)
    {
        var fields = new Dictionary<string, JsonElement> { ["event"] = JsonSerializer.SerializeToElement(name) };
        foreach (var property in JsonSerializer.SerializeToElement(data).EnumerateObject())
        {
            fields[property.Name] = property.Value;
        }
        Record(JsonSerializer.SerializeToElement(fields));
    }

    public int Count(string name) => Events.Count(e => e.GetProperty("event").GetString() == name);

    /// <summary>Waits until the worker has reported <paramref name="count"/> events of this name (and fails with its output otherwise).</summary>
    public async Task<JsonElement> WaitForAsync(string name, string phase, int count = 1, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        JsonElement? found = null;
        try
        {
            await Wait.UntilAsync(
                () =>
                {
                    var matching = Events.Where(e => e.GetProperty("event").GetString() == name && (match is null || match(e))).ToList();
                    if (matching.Count >= count)
                    {
                        found = matching[count - 1];
                        return Task.FromResult(true);
                    }
                    var exited = Events.FirstOrDefault(e => e.GetProperty("event").GetString() is "exited" or "missing");
                    return exited.ValueKind == JsonValueKind.Undefined || name == "exited"
                        ? Task.FromResult(false)
                        : throw new InvalidOperationException($"{phase}: the worker ended first: {exited}\n{Output}");
                },
                phase,
                timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\nworker output:\n{Output}");
        }
        return found!.Value;
    }

    public async Task<ScenarioExit> ExitedAsync(string phase)
    {
        var exited = await WaitForAsync("exited", phase);
        return new ScenarioExit(exited.GetProperty("kind").GetString()!, exited.GetProperty("error").GetString()!);
    }

    /// <summary>Asks the worker to stop and waits for it to end.</summary>
    public abstract Task StopAsync();

    public abstract ValueTask DisposeAsync();
}
