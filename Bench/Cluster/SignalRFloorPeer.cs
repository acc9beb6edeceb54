using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Spaces.Bench.Floor;

namespace Spaces.Bench.Cluster;

/// <summary>
/// The fan-out floor: ASP.NET Core SignalR alone, in one server process (<see cref="FloorServer"/>'s /hubs/status, a
/// group send, no backplane, no sign-in), to the same .NET subscribers at the same rates. What Spaces' three hosts add
/// to a delivery is the difference; what this one does not reach, SignalR on this machine does not.
/// </summary>
public static class SignalRFloorPeer
{
    private const string Channel = "floor/fanout";

    public static async Task<FanoutRun> RunAsync(FanoutSettings settings, CancellationToken cancellationToken)
    {
        Console.Error.WriteLine("[SignalR, 1 process] starting the floor server");
        await using var server = await FloorServer.StartAsync(durable: false, cancellationToken);
        using var api = new AdminApi(server.BaseAddress); // no sign-in: the floor has none, the subscribers send an empty cookie
        await using var publisher = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, FloorServer.FanoutHubPath), HttpTransportType.WebSockets, o => o.SkipNegotiation = true)
            .Build();
        await publisher.StartAsync(cancellationToken);
        return await FanoutScenario.MeasureAsync(
            "SignalR, 1 process",
            [server],
            [api],
            Channel,
            (_, stamp, ct) => publisher.InvokeAsync(FloorServer.PublishMethod, Channel, stamp, ct),
            settings,
            cancellationToken);
    }
}
