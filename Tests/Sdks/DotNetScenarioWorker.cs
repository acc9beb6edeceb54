using System.Net;
using System.Security.Cryptography;
using Spaces.Tests.Infrastructure;
using Spaces.Worker.Sdk;

namespace Spaces.Tests.Sdks;

/// <summary>The scenario behaviour on the .NET SDK's public API, in this process.</summary>
public sealed class DotNetScenarioWorker : ScenarioWorker
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _run;

    public DotNetScenarioWorker(string host, string token, string[] spaces)
    {
        var worker = new SpacesWorker(new SpacesWorkerOptions
        {
            Host = host,
            Token = token,
            Spaces = spaces,
            ReconnectDelays = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500)],
            AlreadyConnectedRetries = 0,
        });
        worker.Registered += (_, e) => Record("registered", new { space_ids = e.Registrations.Select(r => r.SpaceId).ToArray() });
        worker.Reconnecting += (_, e) => Record("reconnecting", new { attempt = e.Attempt, reason = e.Reason?.Message ?? "" });
        _run = Task.Run(async () =>
        {
            try
            {
                await worker.RunAsync(HandleAsync, _stop.Token);
                Record("exited", new { kind = "stopped", error = "" });
            }
            catch (RegistrationRefusedException e)
            {
                Record("exited", new { kind = "refused", error = e.Message });
            }
            catch (Exception e) when (RejectedStatus(e) is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                Record("exited", new { kind = "token_rejected", error = e.Message });
            }
            catch (Exception e)
            {
                Record("exited", new { kind = "error", error = $"{e.GetType().Name}: {e.Message}" });
            }
        });
    }

    public override string Output => string.Join('\n', Events);

    private async Task<object?> HandleAsync(WorkerJob job, CancellationToken ct)
    {
        var request = job.Request;
        Record("started", new { request_id = request.RequestId, attempt = request.Attempt });
        switch (request.Prompt)
        {
            case "progress":
                foreach (var percent in new[] { 25, 50, 75, 100 })
                {
                    await job.ReportProgressAsync(percent, $"step {percent}", ct);
                }
                return new { text = $"done: {request.Prompt}", language = "dotnet" };
            case "file":
                var files = new List<object>();
                var hashes = new List<string>();
                foreach (var file in request.Files)
                {
                    var bytes = await job.ReadFileAsync(file, ct);
                    hashes.Add(Convert.ToHexStringLower(SHA256.HashData(bytes)));
                    files.Add(await job.UploadResultFileAsync($"echo-{file.Name}", file.ContentType, new MemoryStream(bytes), ct));
                }
                return new { files, sha256 = hashes, language = "dotnet" };
            case "hold":
                if (request.Attempt == 1)
                {
                    try
                    {
                        await Task.Delay(Timeout.Infinite, ct);
                    }
                    catch (OperationCanceledException)
                    {
                        Record("cancelled", new { request_id = request.RequestId });
                        throw;
                    }
                }
                return new { attempt = request.Attempt, language = "dotnet" };
            case "fail":
                throw new InvalidOperationException("boom from dotnet");
            default:
                return new { echo = request.Prompt, language = "dotnet" };
        }
    }

    /// <summary>
    /// The HTTP status of a refused connection. Read by name: the SDK's connection exception belongs to its transport, which is
    /// being replaced, so these tests hold only to its documented behaviour (the exception carries the 401/403 status).
    /// </summary>
    private static HttpStatusCode? RejectedStatus(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current.GetType().GetProperty("StatusCode")?.GetValue(current) is HttpStatusCode status)
            {
                return status;
            }
        }
        return null;
    }

    public override async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Wait.ForAsync(_run, "the .NET worker to stop");
    }

    public override async ValueTask DisposeAsync()
    {
        if (!_run.IsCompleted)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }
}
