using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Spaces;
using Spaces.Silo.Blobs;
using Orleans;

namespace Spaces.Api.Uploads;

/// <summary>
/// A worker's result file: the body streams into a new blob under the per-file limit, then the space's grain records it
/// if the request is still processing. Whatever refuses it, its blob is deleted; a replaced file's blob goes once the new
/// one is recorded.
/// </summary>
public sealed partial class ResultFileUploads(
    IGrainFactory grains, IBlobStore blobs, IOptions<UploadOptions> options, ILogger<ResultFileUploads> logger)
{
    private const int MaxContentTypeLength = 200;

    public async Task<ResultFileView> UploadAsync(HttpContext context, RequestRecord request, string rawName)
    {
        var name = FileNames.Validate(rawName);
        var (requestId, status) = (request.View.RequestId, request.View.Status);
        if (status != RequestStatuses.Processing)
        {
            // Refuse before reading the body; the grain checks again when it records the file.
            throw SpacesException.RequestNotProcessing(requestId, status);
        }
        var limit = options.Value.MaxFileBytes;
        var what = $"Result file '{name}'";
        if (context.Request.ContentLength > limit)
        {
            throw LimitedStream.TooLarge(what, limit);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            // The limit is LimitedStream's, whose refusal names the file; the server's own (30 MB) would cut in first.
            size.MaxRequestBodySize = null;
        }
        var contentType = ContentTypeOf(context.Request);
        var blobName = BlobNames.RequestResultFile(requestId, Guid.NewGuid().ToString("N"));
        ResultFile file;
        ResultFile? replaced;
        try
        {
            var length = await blobs.PutAsync(blobName, new LimitedStream(context.Request.Body, limit, what), context.RequestAborted);
            file = new ResultFile(name, contentType, length, blobName);
            replaced = await grains.GetGrain<IRequestGrain>(requestId).SaveResultFileAsync(file);
        }
        catch
        {
            await blobs.DeleteAsync(blobName, CancellationToken.None);
            throw;
        }
        if (replaced is not null)
        {
            await DeleteReplacedAsync(replaced.BlobName);
        }
        return RequestViews.From(requestId, file);
    }

    /// <summary>The new file is recorded by now, so a failure here is no refusal: the old blob stays under the request's prefix.</summary>
    private async Task DeleteReplacedAsync(string blobName)
    {
        try
        {
            await blobs.DeleteAsync(blobName, CancellationToken.None);
        }
        catch (IOException e)
        {
            // A file system that cannot delete a file while a download reads it (Windows) ends up here.
            Log.ReplacedBlobKept(logger, blobName, e);
        }
    }

    /// <summary>The header as sent, so the file is served back as the worker described it; none means opaque bytes.</summary>
    private static string ContentTypeOf(HttpRequest request)
    {
        var raw = request.ContentType?.Trim();
        if (string.IsNullOrEmpty(raw))
        {
            return "application/octet-stream";
        }
        var valid = raw.Length <= MaxContentTypeLength
            && MediaTypeHeaderValue.TryParse(raw, out var parsed) && !parsed.MatchesAllTypes && !parsed.MatchesAllSubTypes;
        var refusal = $"Content-Type must be one media type such as image/png, at most {MaxContentTypeLength} characters";
        return valid ? raw : throw new SpacesException(ErrorCode.InvalidInput, refusal);
    }

    private static partial class Log
    {
        [LoggerMessage(2101, LogLevel.Warning, "The blob {BlobName} of a replaced result file could not be deleted; it stays")]
        public static partial void ReplacedBlobKept(ILogger logger, string blobName, Exception exception);
    }
}
