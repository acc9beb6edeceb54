using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Abstractions.Workers;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Spaces.Worker.Sdk;

/// <summary>One request being processed: its payload, progress reporting, its files and the files it produces.</summary>
public sealed class WorkerJob
{
    private readonly HubConnection _connection;
    private readonly WorkerFileClient _files;
    private readonly Action<HubException> _progressRejected;

    internal WorkerJob(WorkerRequest request, HubConnection connection, WorkerFileClient files, Action<HubException> progressRejected, CancellationToken cancellationToken)
    {
        Request = request;
        _connection = connection;
        _files = files;
        _progressRejected = progressRejected;
        CancellationToken = cancellationToken;
    }

    public WorkerRequest Request { get; }

    /// <summary>Cancelled when the server cancels this request, the connection drops, or the worker stops.</summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>Calls <c>Progress(requestId, percent, message)</c>. A refusal by the server is logged, not thrown: progress is advisory.</summary>
    public async Task ReportProgressAsync(int percent, string? message = null, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CancellationToken);
        try
        {
            await _connection.InvokeAsync(WorkerHubMethods.Progress, Request.RequestId, Math.Clamp(percent, 0, 100), message, linked.Token)
                .ConfigureAwait(false);
        }
        catch (HubException e)
        {
            _progressRejected(e);
        }
    }

    /// <summary>Downloads a request file (GET {Host}{file.Url} with the worker token).</summary>
    public async Task<byte[]> ReadFileAsync(WorkerFile file, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CancellationToken);
        return await _files.ReadAsync(file, linked.Token).ConfigureAwait(false);
    }

    /// <summary>Streams a request file; dispose the stream when done. The tokens guard opening it, reads take their own.</summary>
    public async Task<Stream> OpenFileAsync(WorkerFile file, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CancellationToken);
        return await _files.OpenAsync(file, linked.Token).ConfigureAwait(false);
    }

    /// <summary>
    /// Uploads a file this request produced (PUT {Host}/api/requests/{id}/results/{name}), streaming <paramref name="content"/>
    /// from its current position; the same name again replaces it. Put the returned descriptors in the result under
    /// <c>files</c>, e.g. <c>new { text = "...", files = new[] { image } }</c>, and the portal shows each by its content type.
    /// </summary>
    /// <exception cref="HttpRequestException">The server refused (its code and detail are in the message): a bad name, too large, or the
    /// request is no longer processing.</exception>
    public async Task<ResultFileView> UploadResultFileAsync(
        string name, string contentType, Stream content, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ArgumentNullException.ThrowIfNull(content);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, CancellationToken);
        return await _files.UploadAsync(Request.RequestId, name, contentType, content, linked.Token).ConfigureAwait(false);
    }
}
