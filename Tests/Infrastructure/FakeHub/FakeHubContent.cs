using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace Spaces.Tests.Infrastructure.FakeHub;

/// <summary>Serves file bytes as the Hub and its CDN do: HEAD, <c>Range: bytes=N-</c> (206), If-Range, and the injected faults.</summary>
internal static class FakeHubContent
{
    private static readonly TimeSpan FailureDrainDelay = TimeSpan.FromMilliseconds(300);

    public static async Task ServeAsync(HttpContext context, FakeHubFile file, FakeHubServer server)
    {
        var response = context.Response;
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "application/octet-stream";
        var (start, end) = (0L, file.Length - 1);
        if (!server.IgnoreRangeRequests && TryParseRange(context.Request, file, out var from, out var to))
        {
            if (from >= file.Length)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{file.Length}";
                return;
            }

            (start, end) = (from, Math.Min(to ?? file.Length - 1, file.Length - 1));
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = $"bytes {start}-{end}/{file.Length}";
        }

        var count = end - start + 1;
        response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var failAfter = server.TakeFailure(start);
        await using var content = file.OpenRead();
        content.Seek(start, SeekOrigin.Begin);
        // A throttled file goes out in tenths of its rate, each sent when the clock allows it.
        var buffer = new byte[file.BytesPerSecond is { } rate ? (int)Math.Clamp(rate / 10, 512, 16384) : 16384];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var sent = 0L;
        var pacedFrom = 0L; // the byte the clock started at (a pause restarts it)
        while (sent < count)
        {
            if (file.BytesPerSecond is { } limit && sent > 0)
            {
                var go = server.SlowDownloadsMayGoAsync(context.RequestAborted);
                if (!go.IsCompleted)
                {
                    await response.Body.FlushAsync(context.RequestAborted);
                    await go;
                    clock.Restart();
                    pacedFrom = sent;
                }

                var due = TimeSpan.FromSeconds((double)(sent - pacedFrom) / limit) - clock.Elapsed;
                if (due > TimeSpan.Zero)
                {
                    await response.Body.FlushAsync(context.RequestAborted);
                    await Task.Delay(due, context.RequestAborted);
                }
            }

            var want = (int)Math.Min(buffer.Length, count - sent);
            if (failAfter is { } failAt)
            {
                want = (int)Math.Min(want, failAt - sent);
            }

            if (want <= 0)
            {
                // Drop the connection mid-body, as a flaky network does. Abort resets the socket, and a reset makes the
                // client's kernel discard bytes not yet read: wait so the client really holds the first bytes.
                await response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(FailureDrainDelay);
                context.Abort();
                return;
            }

            var read = await content.ReadAsync(buffer.AsMemory(0, want), context.RequestAborted);
            await response.Body.WriteAsync(buffer.AsMemory(0, read), context.RequestAborted);
            sent += read;
        }
    }

    private static bool TryParseRange(HttpRequest request, FakeHubFile file, out long from, out long? to)
    {
        from = 0;
        to = null;
        var header = request.Headers.Range.ToString();
        if (header.Length == 0 || !RangeHeaderValue.TryParse(header, out var range) || range.Ranges.Count != 1)
        {
            return false;
        }

        // If-Range names the version the client has; another version means "send it all".
        var ifRange = request.Headers.IfRange.ToString();
        if (ifRange.Length > 0 && ifRange.Trim('"') != file.ETag && ifRange.Trim('"') != file.Sha256)
        {
            return false;
        }

        var only = range.Ranges.First();
        if (only.From is not { } start)
        {
            return false;
        }

        from = start;
        to = only.To;
        return true;
    }
}
