using System.Diagnostics;
using System.Text.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Cluster;

/// <summary>
/// The official JS SignalR client under Node (<c>Tests/js/status-follow.mjs</c>) following several channels of one host
/// from their first seq while the test runs; <see cref="StopAsync"/> ends it. What it received is read live.
/// </summary>
public sealed class JsChannelFollower : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<(string Channel, WatchedEvent Event)> _events = [];
    private readonly List<string> _errors = [];
    private readonly TaskCompletionSource _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private JsChannelFollower(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) =>
        {
            lock (_errors)
            {
                _errors.Add(e.Data ?? "");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public static async Task<JsChannelFollower> StartAsync(string baseUrl, ApiClient user, IEnumerable<string> channels)
    {
        var folder = RepoPaths.Of("Tests", "js");
        if (!File.Exists(Path.Combine(folder, "node_modules", ".package-lock.json")))
        {
            throw new InvalidOperationException($"The test-side npm packages are not installed: run 'npm ci' in {folder} (the README's test command does)");
        }
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(folder, "status-follow.mjs"), baseUrl, user.CookieHeader }.Concat(channels))
        {
            info.ArgumentList.Add(argument);
        }
        var follower = new JsChannelFollower(Process.Start(info) ?? throw new InvalidOperationException("Could not start node"));
        try
        {
            await Wait.ForAsync(Task.WhenAny(follower._subscribed.Task, follower._process.WaitForExitAsync()).Unwrap(), $"the JS client to subscribe on {baseUrl}");
            if (!follower._subscribed.Task.IsCompleted)
            {
                throw new InvalidOperationException($"The JS client exited with {follower._process.ExitCode} before subscribing: {follower.Errors}");
            }
        }
        catch
        {
            await follower.DisposeAsync();
            throw;
        }
        return follower;
    }

    /// <summary>The events received on <paramref name="channel"/> so far, in arrival order.</summary>
    public IReadOnlyList<WatchedEvent> EventsOf(string channel)
    {
        lock (_events)
        {
            return [.. _events.Where(e => e.Channel == channel).Select(e => e.Event)];
        }
    }

    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join('\n', _errors);
            }
        }
    }

    /// <summary>Waits until the client has received <paramref name="done"/>; fails if it exits first, with what it said.</summary>
    public async Task WaitUntilAsync(Func<JsChannelFollower, bool> done, string phase, TimeSpan timeout)
    {
        await Wait.UntilAsync(
            () => _process.HasExited
                ? throw new InvalidOperationException($"{phase}: the JS client exited with {_process.ExitCode}: {Errors}")
                : Task.FromResult(done(this)),
            phase,
            timeout);
    }

    /// <summary>Closes its standard input: the client stops its connection and exits 0.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close();
        }
        await Wait.ForAsync(_process.WaitForExitAsync(), "the JS client to stop");
        Assert.True(_process.ExitCode == 0, $"the JS client exited with {_process.ExitCode}: {Errors}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (string.IsNullOrWhiteSpace(line) || line[0] != '{')
        {
            return;
        }
        var message = JsonSerializer.Deserialize<JsonElement>(line);
        if (message.TryGetProperty("subscribed", out _))
        {
            _subscribed.TrySetResult();
        }
        else if (message.TryGetProperty("event", out var e))
        {
            lock (_events)
            {
                _events.Add((e.GetProperty("channel").GetString()!, new WatchedEvent(
                    e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!, e.GetProperty("data").Clone())));
            }
        }
    }
}
