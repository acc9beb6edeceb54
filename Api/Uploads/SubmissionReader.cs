using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Spaces.Grains.Abstractions;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Blobs;

namespace Spaces.Api.Uploads;

/// <summary>A request's prompt and files, the files already in the blob store.</summary>
public sealed record Submission(string Prompt, IReadOnlyList<RequestFile> Files);

/// <summary>
/// Reads a submission, JSON <c>{prompt}</c> or multipart <c>prompt</c> + files, streaming each file into the blob
/// store as it arrives (memory does not grow with uploads) and checking kinds, names and sizes on the way.
/// On any refusal the files written so far are deleted.
/// </summary>
public sealed class SubmissionReader(IBlobStore blobs, IOptions<UploadOptions> options)
{
    private sealed record PromptBody(string? Prompt);

    public async Task<Submission> ReadAsync(HttpRequest request, SpaceInputs inputs, string requestId, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limits.MaxRequestBytes;
        }
        if (request.HasJsonContentType())
        {
            return new Submission(CheckPrompt(await ReadJsonPromptAsync(request, cancellationToken)), []);
        }
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type))
        {
            throw NotAFormOrJson();
        }
        if (type.MediaType.Equals("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            // What seed 000's scripts send (requests.post(url, data={'prompt': ...})): a multipart form without files.
            return new Submission(CheckPrompt(await ReadUrlEncodedPromptAsync(request.Body, limits, cancellationToken)), []);
        }
        if (!type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(type.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw NotAFormOrJson();
        }
        var total = new LimitedStream(request.Body, limits.MaxRequestBytes, "The request");
        try
        {
            return await ReadMultipartAsync(total, boundary, inputs, requestId, limits, cancellationToken);
        }
        catch (Exception e) when (e is InvalidDataException || (e is IOException and not BadHttpRequestException && total.Ended))
        {
            // The multipart reader's refusals of a malformed body: header limits (InvalidDataException), or a body that
            // ended before its closing boundary (IOException once the body has ended: truncated, empty, wrong boundary).
            await blobs.DeletePrefixAsync(BlobNames.RequestPrefix(requestId), CancellationToken.None);
            throw new SpacesException(ErrorCode.InvalidInput, $"Malformed multipart body: {e.Message}");
        }
        catch
        {
            await blobs.DeletePrefixAsync(BlobNames.RequestPrefix(requestId), CancellationToken.None);
            throw;
        }
    }

    private async Task<Submission> ReadMultipartAsync(
        LimitedStream total, string boundary, SpaceInputs inputs, string requestId, UploadOptions limits, CancellationToken cancellationToken)
    {
        var reader = new MultipartReader(boundary, total) { HeadersLengthLimit = 16 * 1024 };
        var prompt = "";
        var files = new List<RequestFile>();
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                throw new SpacesException(ErrorCode.InvalidInput, "Each multipart section needs Content-Disposition: form-data");
            }
            var field = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
            if (!disposition.IsFileDisposition())
            {
                if (field == "prompt")
                {
                    prompt = await ReadTextAsync(section.Body, limits.MaxPromptLength, cancellationToken);
                }
                continue;
            }
            if (!SpaceInputs.FileKinds.Contains(field))
            {
                throw new SpacesException(ErrorCode.InvalidInput, $"Unknown file field '{field}'; use one of {string.Join(", ", SpaceInputs.FileKinds)}");
            }
            if (!inputs.AcceptsFileKind(field))
            {
                throw new SpacesException(ErrorCode.InputNotEnabled, $"This space does not accept {field} files");
            }
            if (files.Count == limits.MaxFiles)
            {
                throw new SpacesException(ErrorCode.PayloadTooLarge, $"At most {limits.MaxFiles} files per request");
            }
            var name = FileNames.Validate(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value);
            if (files.Any(f => f.Name == name))
            {
                throw new SpacesException(ErrorCode.InvalidFileName, $"Two files are named '{name}'");
            }
            var blobName = BlobNames.RequestFile(requestId, files.Count);
            var length = await blobs.PutAsync(blobName, new LimitedStream(section.Body, limits.MaxFileBytes, $"File '{name}'"), cancellationToken);
            files.Add(new RequestFile(name, field, section.ContentType ?? "application/octet-stream", length, blobName));
        }
        return new Submission(CheckPrompt(prompt), files);
    }

    private static SpacesException NotAFormOrJson() => new(
        ErrorCode.InvalidInput,
        "Send multipart/form-data (prompt and files), application/x-www-form-urlencoded (prompt) or application/json {\"prompt\": ...}");

    private static async Task<string> ReadUrlEncodedPromptAsync(Stream body, UploadOptions limits, CancellationToken cancellationToken)
    {
        // Percent-encoding makes each UTF-8 byte three, so a character takes at most 9: bound the body by that, not by uploads.
        var maxBodyBytes = (9L * limits.MaxPromptLength) + 4096;
        using var reader = new FormReader(new LimitedStream(body, maxBodyBytes, "The form"), Encoding.UTF8)
        {
            ValueCountLimit = 64,
            KeyLengthLimit = 256,
            ValueLengthLimit = (int)Math.Min(int.MaxValue, maxBodyBytes),
        };
        try
        {
            var fields = await reader.ReadFormAsync(cancellationToken);
            return fields.TryGetValue("prompt", out var prompt) ? prompt.ToString() : "";
        }
        catch (InvalidDataException e)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Malformed form: {e.Message}");
        }
    }

    private static async Task<string> ReadJsonPromptAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var body = await JsonSerializer.DeserializeAsync<PromptBody>(request.Body, SpacesJson.Options, cancellationToken);
            return body?.Prompt ?? "";
        }
        catch (JsonException e)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Malformed JSON: {e.Message}");
        }
    }

    private static async Task<string> ReadTextAsync(Stream section, int maxLength, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(section, Encoding.UTF8);
        var buffer = new char[maxLength + 1];
        var read = await reader.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        if (read > maxLength)
        {
            throw new SpacesException(ErrorCode.PayloadTooLarge, $"The prompt is longer than {maxLength} characters");
        }
        return new string(buffer, 0, read);
    }

    private string CheckPrompt(string prompt) => prompt.Length <= options.Value.MaxPromptLength
        ? prompt.Trim()
        : throw new SpacesException(ErrorCode.PayloadTooLarge, $"The prompt is longer than {options.Value.MaxPromptLength} characters");
}
