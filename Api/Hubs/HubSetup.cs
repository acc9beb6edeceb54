using Microsoft.AspNetCore.SignalR;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Workers;
using Spaces.Silo.Relay;

namespace Spaces.Api.Hubs;

public static class HubSetup
{
    public const string StatusPath = "/hubs/status";

    public static IServiceCollection AddSpacesHubs(this IServiceCollection services)
    {
        services.AddSignalR(o =>
        {
            o.AddFilter<SpacesHubFilter>();
            o.KeepAliveInterval = TimeSpan.FromSeconds(10);
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(30);
        })
        .AddHubOptions<WorkerHub>(o => o.MaximumReceiveMessageSize = 1024 * 1024) // results are JSON of any size up to 1 MiB
        .AddJsonProtocol(o => SpacesJson.Configure(o.PayloadSerializerOptions));
        // Registered for the closed type, so SignalR takes it over its default one for this hub; StatusHub sends through it.
        services.AddSingleton<StatusHubLifetimeManager>();
        services.AddSingleton<HubLifetimeManager<StatusHub>>(sp => sp.GetRequiredService<StatusHubLifetimeManager>());
        services.AddSingleton<HubConnections>();
        services.AddSingleton<WorkerConnections>();
        services.AddSingleton<IWorkerConnections>(sp => sp.GetRequiredService<WorkerConnections>());
        services.AddSingleton<HubSessions>();
        services.AddSingleton<HostDirectoryMember>();
        services.AddHostedService(sp => sp.GetRequiredService<HostDirectoryMember>());
        return services;
    }

    public static IEndpointRouteBuilder MapSpacesHubs(this IEndpointRouteBuilder routes)
    {
        routes.MapHub<WorkerHub>(WorkerHubMethods.Path);
        routes.MapHub<StatusHub>(StatusPath);
        return routes;
    }
}
