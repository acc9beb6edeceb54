using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Infrastructure.FakeHub;

namespace Spaces.Tests.Datasets;

/// <summary>A dataset's progress channel through the status hub: replay after a seq the grain still holds, reset past it.</summary>
public sealed class DatasetChannelTests : IAsyncLifetime
{
    private const string Repo = "acme/channel-stories";
    private FakeHubServer? _hub;
    private SpacesHost? _host;

    private SpacesHost Host => _host ?? throw new InvalidOperationException("The host has not started");

    public async Task InitializeAsync()
    {
        _hub = await FakeHubServer.StartAsync();
        _hub.AddDatasetFile(Repo, "train.jsonl", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 50).Select(i => $"{{\"text\":\"story {i}\"}}\n"))));
        _host = await SpacesHost.StartAsync(new Dictionary<string, string?>
        {
            ["Spaces:HuggingFace:Endpoint"] = _hub.BaseUrl.ToString(),
            ["Spaces:Channels:RetainedEvents"] = "2",
        });
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_hub is not null)
        {
            await _hub.DisposeAsync();
        }
    }

    [Fact]
    public async Task Subscribe_AfterASeqStillRetained_ReplaysWhatFollows_AndPastTheRingSaysReset()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        var imported = await user.ImportDatasetAsync(Repo, "train");
        var ready = await user.SettledDatasetAsync(imported.Id, "the import to finish");
        Assert.Equal(DatasetStatuses.Ready, ready.Status);
        var channel = Channels.DatasetProgress(imported.Id);
        await using var connection = new HubConnectionBuilder()
            .WithUrl($"{Host.BaseUrl}/hubs/status", HttpTransportType.WebSockets, http =>
            {
                http.SkipNegotiation = true;
                http.Headers["Cookie"] = user.CookieHeader;
            })
            .Build();
        var replayed = new List<(long Seq, string Type)>();
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("Event", e =>
        {
            lock (replayed)
            {
                replayed.Add((e.GetProperty("seq").GetInt64(), e.GetProperty("type").GetString()!));
            }
            if (e.GetProperty("type").GetString() == EventTypes.Completed)
            {
                completed.TrySetResult();
            }
        });
        await Wait.ForAsync(connection.StartAsync(), "the status hub connection");

        var now = await Wait.ForAsync(connection.InvokeAsync<JsonElement>("Subscribe", channel, -1L), "a subscription from now");
        var last = now.GetProperty("seq").GetInt64();
        Assert.True(last >= 3, $"an import publishes its start, progress and completion (seq {last})");
        Assert.False(now.GetProperty("reset").GetBoolean());
        Assert.Equal(DatasetStatuses.Ready, now.GetProperty("snapshot").GetProperty("status").GetString());
        await connection.InvokeAsync("Unsubscribe", channel);

        var resumed = await Wait.ForAsync(connection.InvokeAsync<JsonElement>("Subscribe", channel, last - 1), "a subscription after the last seq but one");
        await Wait.ForAsync(completed.Task, "the replayed completed event");
        Assert.False(resumed.GetProperty("reset").GetBoolean());
        lock (replayed)
        {
            Assert.Equal([(last, EventTypes.Completed)], replayed);
        }
        await connection.InvokeAsync("Unsubscribe", channel);

        var tooOld = await Wait.ForAsync(connection.InvokeAsync<JsonElement>("Subscribe", channel, 0L), "a subscription after a seq no longer retained");
        Assert.True(tooOld.GetProperty("reset").GetBoolean());
        Assert.Equal(last, tooOld.GetProperty("seq").GetInt64());
        Assert.Equal(DatasetStatuses.Ready, tooOld.GetProperty("snapshot").GetProperty("status").GetString());
    }
}
