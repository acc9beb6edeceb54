using System.Collections.Concurrent;
using System.Text;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Spaces.Tests.Infrastructure;

/// <summary>A span as an OTLP exporter sent it: its instrumentation scope, trace id, name and string attributes.</summary>
public sealed record ReceivedSpan(string Scope, string TraceId, string Name, IReadOnlyDictionary<string, string> Attributes);

/// <summary>A metric as an OTLP exporter sent it.</summary>
public sealed record ReceivedMetric(string Scope, string Name);

/// <summary>
/// A tiny OTLP/HTTP receiver (protobuf, as OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf sends) on Kestrel on a free loopback
/// port: it keeps every export's raw bytes and decodes the few fields tests look at with Google.Protobuf's wire reader
/// (the field numbers of opentelemetry-proto's trace/v1 and metrics/v1 messages).
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _traces = new();
    private readonly ConcurrentQueue<byte[]> _metrics = new();
    private readonly ConcurrentQueue<byte[]> _all = new();

    private OtlpReceiver()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapPost("/v1/traces", context => ReceiveAsync(context, _traces));
        _app.MapPost("/v1/metrics", context => ReceiveAsync(context, _metrics));
        _app.MapPost("/v1/logs", context => ReceiveAsync(context, null));
    }

    public string BaseUrl => _app.Urls.First();

    public static async Task<OtlpReceiver> StartAsync()
    {
        var receiver = new OtlpReceiver();
        await receiver._app.StartAsync();
        return receiver;
    }

    /// <summary>Every export received so far, of any signal, as text: for checking that something was never sent.</summary>
    public string AllText => string.Join('\n', _all.Select(Encoding.Latin1.GetString));

    public IReadOnlyList<ReceivedSpan> Spans() => _traces.SelectMany(ParseSpans).ToList();

    public IReadOnlyList<ReceivedMetric> Metrics() => _metrics.SelectMany(ParseMetrics).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ReceiveAsync(HttpContext context, ConcurrentQueue<byte[]>? signal)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        signal?.Enqueue(body.ToArray());
        _all.Enqueue(body.ToArray());
        // An empty Export*ServiceResponse: full success.
        context.Response.ContentType = "application/x-protobuf";
    }

    // ExportTraceServiceRequest.resource_spans(1) → ResourceSpans.scope_spans(2) → ScopeSpans.scope(1).name(1), spans(2)
    // → Span.trace_id(1), name(5), attributes(9) → KeyValue.key(1), value(2) → AnyValue.string_value(1).
    private static IEnumerable<ReceivedSpan> ParseSpans(byte[] export) =>
        from resource in Fields(export, 1)
        from scopeSpans in Fields(resource, 2)
        let scope = Text(Fields(scopeSpans, 1).SingleOrDefault(), 1)
        from span in Fields(scopeSpans, 2)
        select new ReceivedSpan(scope, Convert.ToHexStringLower(Fields(span, 1).Single()), Text(span, 5), Attributes(span));

    // ExportMetricsServiceRequest.resource_metrics(1) → ResourceMetrics.scope_metrics(2) → ScopeMetrics.scope(1).name(1),
    // metrics(2) → Metric.name(1).
    private static IEnumerable<ReceivedMetric> ParseMetrics(byte[] export) =>
        from resource in Fields(export, 1)
        from scopeMetrics in Fields(resource, 2)
        let scope = Text(Fields(scopeMetrics, 1).SingleOrDefault(), 1)
        from metric in Fields(scopeMetrics, 2)
        select new ReceivedMetric(scope, Text(metric, 1));

    private static Dictionary<string, string> Attributes(byte[] span)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Fields(span, 9))
        {
            if (Fields(pair, 2).SingleOrDefault() is { } value && Fields(value, 1).Count == 1)
            {
                attributes[Text(pair, 1)] = Text(value, 1);
            }
        }
        return attributes;
    }

    private static string Text(byte[]? message, int field) =>
        message is null ? "" : Fields(message, field).Select(Encoding.UTF8.GetString).FirstOrDefault() ?? "";

    /// <summary>The length-delimited fields (messages, strings, bytes) numbered <paramref name="field"/> of a message.</summary>
    private static List<byte[]> Fields(byte[] message, int field)
    {
        var input = new CodedInputStream(message);
        var found = new List<byte[]>();
        for (var tag = input.ReadTag(); tag != 0; tag = input.ReadTag())
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                found.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }
        return found;
    }
}
