using Azure.Monitor.OpenTelemetry.AspNetCore;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Orleans.Diagnostics;

namespace Spaces.Api.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics of the host: ASP.NET Core, the HTTP client, and the co-hosted silo's activity sources
/// and meter. Exported to Application Insights when <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c> is set, to OTLP when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is (both when both are), and not collected at all otherwise.
/// </summary>
public static class Telemetry
{
    public const string AppInsightsConnectionStringKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Orleans' spans of our grains' calls and of their state's reads and writes; the silo propagates activities across
    /// calls. Not its runtime source, whose membership polls and system timers would add spans every second on every host.
    /// </summary>
    private static readonly string[] OrleansActivitySources =
        [ActivitySources.ApplicationGrainActivitySourceName, ActivitySources.StorageActivitySourceName];

    /// <summary>Orleans' one meter (OrleansInstruments): messaging, activations, membership, storage.</summary>
    private const string OrleansMeter = "Microsoft.Orleans";

    public static WebApplicationBuilder AddSpacesTelemetry(this WebApplicationBuilder builder)
    {
        var toAzureMonitor = !string.IsNullOrWhiteSpace(builder.Configuration[AppInsightsConnectionStringKey]);
        var toOtlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointKey]);
        if (!toAzureMonitor && !toOtlp)
        {
            return builder;
        }
        // The scrubbing processor first, so it runs before any exporter's processor sees a span.
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(t => t.AddProcessor<SecretQueryScrubber>().AddSource(OrleansActivitySources))
            .WithMetrics(m => m.AddMeter(OrleansMeter));
        if (toAzureMonitor)
        {
            // The distro brings the ASP.NET Core and HTTP client instrumentation and reads the connection string itself.
            telemetry.UseAzureMonitor();
        }
        else
        {
            telemetry
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation())
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation());
        }
        if (toOtlp)
        {
            // Endpoint, protocol and headers from the standard OTEL_EXPORTER_OTLP_* settings.
            telemetry.WithTracing(t => t.AddOtlpExporter()).WithMetrics(m => m.AddOtlpExporter());
        }
        return builder;
    }
}
