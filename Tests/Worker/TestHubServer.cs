using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Spaces.Grains.Abstractions;

namespace Spaces.Tests.Worker;

/// <summary>
/// A real ASP.NET Core SignalR server on 127.0.0.1 that accepts only <c>Authorization: Bearer {Token}</c>
/// on /hubs and /files, and records the path and query of every request it sees (to prove the token never travels in a URL).
/// </summary>
public sealed class TestHubServer : IAsyncDisposable
{
    public const string Token = "test-token-0123456789";

    private readonly WebApplication _app;
    private readonly List<string> _seenRequests;

    private TestHubServer(WebApplication app, Uri baseUrl, List<string> seenRequests)
    {
        _app = app;
        BaseUrl = baseUrl;
        _seenRequests = seenRequests;
    }

    public Uri BaseUrl { get; }

    public int Port => BaseUrl.Port;

    public IServiceProvider Services => _app.Services;

    /// <param name="port">0 for a free port; a fixed port restarts a server where a client expects it.</param>
    public static async Task<TestHubServer> StartAsync(
        Action<IServiceCollection> configureServices,
        Action<WebApplication> map,
        int port = 0,
        Action<HubOptions>? configureHub = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.Logging.ClearProviders();
        builder.Services
            .AddSignalR(options =>
            {
                options.EnableDetailedErrors = false; // clients must get HubException texts without it
                options.MaximumParallelInvocationsPerClient = 2; // a hub method may await a client result
                configureHub?.Invoke(options);
            })
            .AddJsonProtocol(options => SpacesJson.Configure(options.PayloadSerializerOptions));
        configureServices(builder.Services);
        var app = builder.Build();
        var seenRequests = new List<string>();
        app.Use(async (context, next) =>
        {
            lock (seenRequests)
            {
                seenRequests.Add($"{context.Request.Path}{context.Request.QueryString}");
            }

            var protectedPath = context.Request.Path.StartsWithSegments("/hubs") || context.Request.Path.StartsWithSegments("/files");
            if (protectedPath && context.Request.Headers.Authorization != $"Bearer {Token}")
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            await next(context);
        });
        app.UseWebSockets();
        map(app);
        await app.StartAsync();
        return new TestHubServer(app, new Uri(app.Urls.First()), seenRequests);
    }

    /// <summary>A snapshot of the path and query string of every request so far.</summary>
    public IReadOnlyList<string> RequestsSoFar()
    {
        lock (_seenRequests)
        {
            return [.. _seenRequests];
        }
    }

    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
