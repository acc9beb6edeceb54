using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Spaces.Worker.Sdk;

namespace Spaces.Worker.Cli;

/// <summary>
/// The mock app's "model": reports 25/50/75/100 %, downloads and hashes every file, echoes the prompt. With
/// <paramref name="echoFiles"/> it uploads each file back as a result file, so its entry under <c>files</c> gets a
/// <c>url</c> and the portal shows it as media.
/// </summary>
public sealed class MockInference(ConsoleReporter console, TimeSpan stepDelay, bool echoFiles, TimeProvider time)
{
    private static readonly int[] ProgressSteps = [25, 50, 75, 100];

    public async Task<object?> HandleAsync(WorkerJob job, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var request = job.Request;
        console.Info($"Processing request {request.RequestId}...");

        var files = new List<MockFileSummary>(request.Files.Count);
        foreach (var file in request.Files)
        {
            var bytes = await job.ReadFileAsync(file, cancellationToken);
            var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
            console.Detail($"Downloaded {file.Name}: {bytes.LongLength} bytes, sha256 {sha256}", verboseOnly: true);
            string? url = null;
            if (echoFiles)
            {
                url = (await job.UploadResultFileAsync(file.Name, file.ContentType, new MemoryStream(bytes), cancellationToken)).Url;
                console.Detail($"Uploaded {file.Name} back as a result file: {url}", verboseOnly: true);
            }
            files.Add(new MockFileSummary(file.Name, file.Kind, file.ContentType, bytes.LongLength, sha256, url));
        }

        foreach (var percent in ProgressSteps)
        {
            await Task.Delay(stepDelay, cancellationToken);
            await job.ReportProgressAsync(percent, $"Processing ({percent}%)", cancellationToken);
            console.Info($"Progress: {percent}%");
        }

        var result = new MockResult(
            Text: $"Mock response to: {request.Prompt}",
            ProcessingTimeSeconds: Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 2),
            Timestamp: time.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            Files: files);
        console.Result($"Sending result for request {request.RequestId} ({result.ProcessingTimeSeconds.ToString(CultureInfo.InvariantCulture)} s)");
        console.Detail($"Text: {result.Text}", verboseOnly: true);
        return result;
    }
}

/// <summary>The mock's result; serialized snake_case like every Spaces payload.</summary>
public sealed record MockResult(string Text, double ProcessingTimeSeconds, string Timestamp, IReadOnlyList<MockFileSummary> Files);

/// <summary>
/// What the mock learned about one downloaded file. With <c>--echo-files</c> it is also a result file descriptor
/// (<c>name, content_type, size, url</c>); otherwise <see cref="Url"/> is null and left out of the JSON.
/// </summary>
public sealed record MockFileSummary(string Name, string Kind, string ContentType, long Size, string Sha256, string? Url = null);
