using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using Spaces.Api.Hosting;

namespace Spaces.Tests.Infrastructure;

/// <summary>The real host on Kestrel, bound to a free loopback port, with its own data folder.</summary>
public sealed class SpacesHost : IAsyncDisposable
{
    public const string AdminPassword = "admin-password-for-tests";

    private readonly WebApplication _app;
    private readonly TempFolder? _ownedData;

    private SpacesHost(WebApplication app, TempFolder? ownedData, string dataPath)
    {
        _app = app;
        _ownedData = ownedData;
        DataPath = dataPath;
    }

    public string BaseUrl { get; private set; } = "";

    public string DataPath { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<SpacesHost> StartAsync(IDictionary<string, string?>? settings = null, string? dataPath = null, int port = 0)
    {
        var owned = dataPath is null ? new TempFolder() : null;
        var path = dataPath ?? owned!.Path;
        var app = SpacesApp.Build([], builder =>
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Spaces:DataPath"] = path,
                ["Spaces:Admin:Password"] = AdminPassword,
                // Hosts of one test run share the machine: each silo listens on a port of its own.
                ["Spaces:Cluster:SiloPort"] = HostProcess.FreeSiloPort().ToString(CultureInfo.InvariantCulture),
            });
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }
        });
        await app.StartAsync();
        return new SpacesHost(app, owned, path) { BaseUrl = app.Urls.First() };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _ownedData?.Dispose();
    }
}
