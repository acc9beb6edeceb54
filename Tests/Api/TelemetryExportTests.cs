using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>The host's OpenTelemetry export (Api/Hosting/Telemetry.cs) to a real OTLP/HTTP receiver on loopback.</summary>
public sealed class TelemetryExportTests
{
    [Fact]
    public async Task Host_WithAnOtlpEndpoint_ExportsApiSpansWithTheirGrainCallsAndMetrics_NeverTheAccessToken()
    {
        await using var receiver = await OtlpReceiver.StartAsync();
        await using var host = await SpacesHost.StartAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.BaseUrl,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
        });
        using var admin = await ApiClient.AdminAsync(host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("Telemetry"));
        var token = await admin.CreateTokenAsync(space.Id);
        using var worker = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        // Where browsers and workers put the bearer token on WebSockets: the query string.
        var negotiate = await worker.PostAsync($"/hubs/worker/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(token)}", null);

        Assert.Equal(HttpStatusCode.OK, negotiate.StatusCode);
        await Wait.UntilAsync(() => Task.FromResult(receiver.Spans().Any(IsNegotiate)), "the negotiate request's span to be exported", TimeSpan.FromSeconds(30));
        var spans = receiver.Spans();
        var created = spans.FirstOrDefault(s => s.Scope == "Microsoft.AspNetCore" && s.Name.StartsWith("POST /api/spaces", StringComparison.Ordinal)
            && s.Attributes.GetValueOrDefault("url.path") == "/api/spaces");
        Assert.True(created is not null, $"no span of the space's creation among {string.Join(", ", spans.Select(s => $"{s.Scope}: {s.Name}"))}");
        // The request's grain calls (its session check) belong to its trace: the silo propagates activities.
        Assert.Contains(spans, s => s.Scope.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && s.TraceId == created.TraceId);
        Assert.DoesNotContain(token, receiver.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(token[^12..], receiver.AllText, StringComparison.Ordinal);
        await Wait.UntilAsync(() => Task.FromResult(receiver.Metrics().Any(m => m.Name == "http.server.request.duration")
            && receiver.Metrics().Any(m => m.Scope == "Microsoft.Orleans")), "ASP.NET Core's and Orleans' metrics to be exported", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Host_WithAnApplicationInsightsConnectionString_SendsItsRequestsToTheIngestionEndpoint_NeverTheAccessToken()
    {
        await using var ingestion = await AppInsightsIngestion.StartAsync();
        await using var host = await SpacesHost.StartAsync(new Dictionary<string, string?>
        {
            ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = ingestion.ConnectionString,
            // Every trace: the distro's default keeps 5 per second, and this test process runs other hosts at the same time.
            ["OTEL_TRACES_SAMPLER"] = "microsoft.fixed_percentage",
            ["OTEL_TRACES_SAMPLER_ARG"] = "1.0",
        });
        var secret = $"spw_{Guid.NewGuid():N}";
        using var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };

        using var admin = await ApiClient.AdminAsync(host);
        await client.PostAsync($"/hubs/worker/negotiate?negotiateVersion=1&access_token={secret}", null);

        try
        {
            await Wait.UntilAsync(() => Task.FromResult(ingestion.Tracked.Contains("/hubs/worker/negotiate", StringComparison.Ordinal)
                && ingestion.Tracked.Contains("/api/auth/login", StringComparison.Ordinal)), "the requests' telemetry to reach the ingestion endpoint", TimeSpan.FromSeconds(45));
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}; received {ingestion.Requests}: {ingestion.Tracked[..Math.Min(3000, ingestion.Tracked.Length)]}");
        }
        Assert.Contains("\"RequestData\"", ingestion.Tracked, StringComparison.Ordinal);
        Assert.Contains("IUserGrain/SignInAsync", ingestion.Tracked, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, ingestion.Tracked, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_WithNoExporterConfigured_CollectsNoTelemetry()
    {
        await using var host = await SpacesHost.StartAsync();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    private static bool IsNegotiate(ReceivedSpan span) => span.Attributes.GetValueOrDefault("url.path") == "/hubs/worker/negotiate";
}
