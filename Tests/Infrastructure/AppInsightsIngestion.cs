using System.Collections.Concurrent;
using System.IO.Compression;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Spaces.Tests.Infrastructure;

/// <summary>
/// Application Insights' ingestion endpoint on Kestrel on a free loopback port: a connection string whose
/// <c>IngestionEndpoint</c> (and <c>LiveEndpoint</c>) point here makes the Azure Monitor exporter send its telemetry
/// (<c>POST /v2.1/track</c>, JSON lines, gzip) to this test, which keeps it as text.
/// </summary>
public sealed class AppInsightsIngestion : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<string> _tracked = new();
    private readonly ConcurrentQueue<string> _requests = new();

    private AppInsightsIngestion()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Use((context, next) =>
        {
            _requests.Enqueue($"{context.Request.Method} {context.Request.Path}");
            return next(context);
        });
        _app.MapPost("/v2.1/track", (Delegate)TrackAsync);
        // Live metrics: acknowledged, not kept.
        _app.MapPost("/QuickPulseService.svc/{**rest}", () => Results.Ok());
    }

    public string BaseUrl => _app.Urls.First();

    /// <summary>A connection string that sends everything here; the instrumentation key is made up.</summary>
    public string ConnectionString =>
        $"InstrumentationKey={Guid.Empty};IngestionEndpoint={BaseUrl}/;LiveEndpoint={BaseUrl}/";

    /// <summary>Every telemetry item received so far, one JSON document per line.</summary>
    public string Tracked => string.Join('\n', _tracked);

    /// <summary>The requests received, for a failure message.</summary>
    public string Requests => string.Join(", ", _requests);

    public static async Task<AppInsightsIngestion> StartAsync()
    {
        var ingestion = new AppInsightsIngestion();
        await ingestion._app.StartAsync();
        return ingestion;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> TrackAsync(HttpContext context)
    {
        var body = context.Request.Headers.ContentEncoding.ToString().Contains("gzip", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(context.Request.Body, CompressionMode.Decompress)
            : context.Request.Body;
        await using (body)
        {
            using var reader = new StreamReader(body, Encoding.UTF8);
            var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            foreach (var line in lines)
            {
                _tracked.Enqueue(line);
            }
            // The Breeze answer: every item accepted.
            return Results.Json(new { itemsReceived = lines.Length, itemsAccepted = lines.Length, errors = Array.Empty<object>() });
        }
    }
}
