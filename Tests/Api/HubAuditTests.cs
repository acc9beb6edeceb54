using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Http.Connections.Client;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Streams;
using Spaces.Tests.Api.Audit;
using Spaces.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Spaces.Tests.Api;

/// <summary>
/// Both hubs, on every transport, as an admin's and a user's cookie, a worker token and no one: connections are admitted
/// or refused as their policy says, and every hub method given tricky channels, ids and names, extreme numbers, wrong
/// argument types and counts is answered with a refusal, never a server fault; the worker attached before still is.
/// </summary>
public sealed class HubAuditTests(AuditHostFixture fixture, ITestOutputHelper output) : IClassFixture<AuditHostFixture>
{
    private static readonly HttpTransportType[] Transports = [HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.LongPolling];

    private sealed record Caller(string Name, Action<HttpConnectionOptions> Authenticate, bool MayUseStatus, bool MayUseWorker);

    private sealed record Invocation(string What, string Method, object?[] Args);

    private sealed class Tally
    {
        private readonly ConcurrentDictionary<string, int> _outcomes = new();

        public ConcurrentQueue<string> Faults { get; } = new();

        public void Count(string outcome) => _outcomes.AddOrUpdate(outcome, 1, (_, n) => n + 1);

        public int Of(string outcome) => _outcomes.GetValueOrDefault(outcome);

        public string Summary() => string.Join(", ", _outcomes.OrderBy(o => o.Key, StringComparer.Ordinal).Select(o => $"{o.Key}: {o.Value}"));
    }

    [Fact]
    public async Task EveryHubMethod_OnEveryTransport_TrickyArguments_AreRefusedNeverAServerFault()
    {
        var host = fixture.Host;
        using var admin = await ApiClient.AdminAsync(host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("HubAudit"), new SpaceInputs(Prompt: true));
        var token = await admin.CreateTokenAsync(space.Id);
        await using var worker = TestWorker.Start(host, token, [space.Name], async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        await worker.RegisteredAsync();
        using var user = await ApiClient.NewUserAsync(host);
        Caller[] callers =
        [
            new("admin", o => o.Headers["Cookie"] = admin.CookieHeader, MayUseStatus: true, MayUseWorker: false),
            new("user", o => o.Headers["Cookie"] = user.CookieHeader, MayUseStatus: true, MayUseWorker: false),
            new("worker", o => o.AccessTokenProvider = () => Task.FromResult<string?>(token), MayUseStatus: true, MayUseWorker: true),
            new("anonymous", _ => { }, MayUseStatus: false, MayUseWorker: false),
        ];
        var tally = new Tally();

        foreach (var caller in callers)
        {
            foreach (var transport in Transports)
            {
                await AuditAsync(host, "/hubs/status", caller, transport, caller.MayUseStatus, StatusInvocations(space.Id), tally);
                await AuditAsync(host, "/hubs/worker", caller, transport, caller.MayUseWorker, WorkerInvocations(space.Name), tally);
            }
        }

        output.WriteLine(tally.Summary());
        foreach (var fault in tally.Faults)
        {
            output.WriteLine(fault);
        }
        Assert.True(tally.Faults.IsEmpty, $"{tally.Summary()}\n{string.Join('\n', tally.Faults.Take(40))}");
        Assert.True(tally.Of("invocations") > 1000, tally.Summary());
        Assert.True((await admin.GetSpaceAsync(space.Id)).WorkerConnected, "the worker attached before the audit was detached by it");
        Assert.Equal(HttpStatusCode.OK, (await admin.Http.GetAsync("/api/auth/me")).StatusCode);
    }

    private static async Task AuditAsync(
        SpacesHost host, string path, Caller caller, HttpTransportType transport, bool admitted, IReadOnlyList<Invocation> invocations, Tally tally)
    {
        var where = $"{caller.Name} {path} {transport}";
        HubConnection Build() => new HubConnectionBuilder()
            .WithUrl($"{host.BaseUrl}{path}", transport, o =>
            {
                o.SkipNegotiation = transport == HttpTransportType.WebSockets;
                caller.Authenticate(o);
            })
            .Build();
        var connection = Build();
        try
        {
            tally.Count("connections");
            try
            {
                await connection.StartAsync().WaitAsync(Wait.Default);
            }
            catch (Exception e) when (e is not TimeoutException)
            {
                tally.Count("connections refused");
                if (admitted)
                {
                    tally.Faults.Enqueue($"{where}: refused a caller its policy admits ({e.Message})");
                }
                return;
            }
            if (!admitted)
            {
                tally.Faults.Enqueue($"{where}: admitted a caller its policy refuses");
                return;
            }
            foreach (var invocation in invocations)
            {
                if (connection.State != HubConnectionState.Connected)
                {
                    tally.Faults.Enqueue($"{where}: the connection closed before [{invocation.What}]");
                    await connection.DisposeAsync();
                    connection = Build();
                    await connection.StartAsync().WaitAsync(Wait.Default);
                }
                await InvokeAsync(connection, where, invocation, tally);
            }
        }
        finally
        {
            await connection.DisposeAsync();
        }
    }

    private static async Task InvokeAsync(HubConnection connection, string where, Invocation invocation, Tally tally)
    {
        tally.Count("invocations");
        try
        {
            await connection.InvokeCoreAsync<JsonElement>(invocation.Method, invocation.Args).WaitAsync(Wait.Default);
            tally.Count("answered");
        }
        catch (HubException e) when (IsRefusal(e.Message))
        {
            tally.Count("refused");
        }
        catch (HubException e)
        {
            tally.Count("faults");
            tally.Faults.Enqueue($"{where} {invocation.Method} [{invocation.What}]: {e.Message}");
        }
        catch (TimeoutException)
        {
            tally.Faults.Enqueue($"{where} {invocation.Method} [{invocation.What}]: no answer in {Wait.Default.TotalSeconds} s");
        }
    }

    /// <summary>
    /// A typed refusal reaches the client as "... HubException: {detail}" (SpacesHubFilter); SignalR's own refusals of
    /// unknown methods and unbindable arguments name their cause. A bare "An unexpected error occurred" is a fault.
    /// </summary>
    private static bool IsRefusal(string message) =>
        message.Contains("HubException: ", StringComparison.Ordinal)
        || message.Contains("Method does not exist", StringComparison.Ordinal)
        || message.Contains("Failed to invoke", StringComparison.Ordinal)
        || message.Contains("argument(s) but target expects", StringComparison.Ordinal);

    /// <summary>The route tricks as the strings they stand for, and a few that no URL can carry (all under the status hub's 32 KB message limit).</summary>
    private static IEnumerable<string> Tricks() =>
        RouteValues.Tricks.Select(Uri.UnescapeDataString).Concat(["", " ", "\0", "\u202E", "../", "spaces//status", "requests/", new string('x', 20_000)]);

    private static List<Invocation> StatusInvocations(string spaceId)
    {
        var list = new List<Invocation>();
        foreach (var trick in Tricks())
        {
            var shown = trick.Length > 24 ? $"{trick.Length} chars" : trick;
            list.Add(new($"channel {shown}", "Subscribe", [trick, -1L]));
            list.Add(new($"space {shown}", "Subscribe", [Channels.SpaceStatus(trick), 0L]));
            list.Add(new($"request {shown}", "Subscribe", [Channels.Request(trick), long.MaxValue]));
            list.Add(new($"dataset {shown}", "Subscribe", [Channels.DatasetProgress(trick), long.MinValue]));
            list.Add(new($"worker {shown}", "Subscribe", [$"workers/{trick}", 0L]));
            list.Add(new($"unsubscribe {shown}", "Unsubscribe", [trick]));
        }
        list.AddRange(
        [
            new("own space from the end", "Subscribe", [Channels.SpaceStatus(spaceId), long.MaxValue]),
            new("own space from the start", "Subscribe", [Channels.SpaceStatus(spaceId), long.MinValue]),
            new("null channel", "Subscribe", [null, 0L]),
            new("numbers for strings", "Subscribe", [123, "abc"]),
            new("an object for a channel", "Subscribe", [new { channel = "x" }, 0L]),
            new("too few arguments", "Subscribe", [Channels.SpaceStatus(spaceId)]),
            new("too many arguments", "Subscribe", [Channels.SpaceStatus(spaceId), 0L, 1]),
            new("a method that does not exist", "Nope", []),
            new("a lifecycle method", "OnConnectedAsync", []),
            new("a worker method", "Complete", ["x", JsonSerializer.SerializeToElement(1)]),
        ]);
        return list;
    }

    private static List<Invocation> WorkerInvocations(string spaceName)
    {
        var list = new List<Invocation>();
        var result = JsonSerializer.SerializeToElement(new { ok = true });
        foreach (var trick in Tricks())
        {
            var shown = trick.Length > 24 ? $"{trick.Length} chars" : trick;
            list.Add(new($"register {shown}", "Register", [new[] { trick }]));
            list.Add(new($"progress {shown}", "Progress", [trick, -1e308, trick]));
            list.Add(new($"complete {shown}", "Complete", [trick, result]));
            list.Add(new($"fail {shown}", "Fail", [trick, trick]));
        }
        list.AddRange(
        [
            new("its own space, held by another connection", "Register", [new[] { spaceName }]),
            new("no names", "Register", [Array.Empty<string>()]),
            new("null names", "Register", [null]),
            new("a thousand names", "Register", [Enumerable.Range(0, 1000).Select(i => $"name{i}").ToArray()]),
            new("huge progress", "Progress", ["x", double.MaxValue, null]),
            new("null request", "Complete", [null, result]),
            new("a string for an array", "Register", ["not-an-array"]),
            new("too few arguments", "Progress", ["x"]),
            new("a status method", "Subscribe", [Channels.SpaceStatus("x"), 0L]),
        ]);
        return list;
    }
}
