using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Blobs;
using Orleans;
using Spaces.Silo.Stores;

namespace Spaces.Api.Uploads;

/// <summary>
/// Uploaded space covers. The image is stored under a name derived from its bytes, and the space's <c>cover</c>
/// becomes its address on this API with that version (<c>/api/spaces/{id}/cover?v=…</c>): a new cover is a new
/// address, so browsers may keep an image as long as they like and still never show a stale one.
/// </summary>
public sealed partial class SpaceCovers(IBlobStore blobs, ISpaceQueries spaces, IGrainFactory grains, IOptions<UploadOptions> options)
{
    private const string Immutable = "private, max-age=31536000, immutable";
    private const string Revalidate = "private, no-cache";
    private const string What = "The cover image";

    public long MaxBytes => options.Value.MaxCoverBytes;

    /// <summary>The address a space's <c>cover</c> holds for an uploaded image.</summary>
    public static string Address(string spaceId, string version) => $"/api/spaces/{Uri.EscapeDataString(spaceId)}/cover?v={version}";

    /// <summary>Stores the request's body as the space's cover, if it is an accepted image within the size limit.</summary>
    public async Task<SpaceView> ReplaceAsync(string spaceId, HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > MaxBytes)
        {
            throw LimitedStream.TooLarge(What, MaxBytes);
        }
        var space = await spaces.GetAsync(spaceId, cancellationToken) ?? throw SpacesException.SpaceNotFound(spaceId);
        var image = await ReadBodyAsync(request.Body, cancellationToken);
        if (ImageTypes.Detect(image) is null)
        {
            throw new SpacesException(ErrorCode.UnsupportedImage, "A cover must be a PNG, JPEG, WebP or GIF image");
        }
        var version = Convert.ToHexStringLower(SHA256.HashData(image))[..16];
        var previous = VersionOf(space);
        var blobName = BlobNames.SpaceCover(spaceId, version);
        await blobs.PutAsync(blobName, new MemoryStream(image, writable: false), cancellationToken);
        SpaceView updated;
        try
        {
            updated = await grains.GetGrain<ISpaceGrain>(spaceId).UpdateAsync(Definition(space, Address(spaceId, version)));
        }
        catch when (previous != version)
        {
            await blobs.DeleteAsync(blobName, CancellationToken.None);
            throw;
        }
        if (previous is not null && previous != version)
        {
            await blobs.DeleteAsync(BlobNames.SpaceCover(spaceId, previous), CancellationToken.None);
        }
        return updated;
    }

    /// <summary>Clears the space's cover, and deletes the image if it was uploaded here.</summary>
    public async Task RemoveAsync(string spaceId, CancellationToken cancellationToken)
    {
        var space = await spaces.GetAsync(spaceId, cancellationToken) ?? throw SpacesException.SpaceNotFound(spaceId);
        await grains.GetGrain<ISpaceGrain>(spaceId).UpdateAsync(Definition(space, cover: null));
        if (VersionOf(space) is { } version)
        {
            await blobs.DeleteAsync(BlobNames.SpaceCover(spaceId, version), CancellationToken.None);
        }
    }

    /// <summary>
    /// The uploaded cover, with its version as a strong validator. The type comes from the stored bytes again and
    /// the browser is told not to guess (<c>nosniff</c>); a request naming the current version may be cached for good.
    /// </summary>
    public async Task<IResult> ServeAsync(string spaceId, HttpContext context, CancellationToken cancellationToken)
    {
        var space = await spaces.GetAsync(spaceId, cancellationToken) ?? throw SpacesException.SpaceNotFound(spaceId);
        var version = VersionOf(space) ?? throw NoCover(spaceId);
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = context.Request.Query["v"] == version ? Immutable : Revalidate;
        var tag = new EntityTagHeaderValue($"\"{version}\"");
        if (context.Request.GetTypedHeaders().IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(tag, useStrongComparison: false)))
        {
            headers.ETag = tag.ToString();
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        await using var content = await blobs.OpenReadAsync(BlobNames.SpaceCover(spaceId, version), cancellationToken) ?? throw NoCover(spaceId);
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        var image = buffer.ToArray();
        var type = ImageTypes.Detect(image) ?? throw NoCover(spaceId);
        return TypedResults.File(image, type, entityTag: tag);
    }

    /// <summary>The version of the space's uploaded cover; null when it has none or its cover is an address elsewhere.</summary>
    public static string? VersionOf(SpaceView space)
    {
        var prefix = Address(space.Id, "");
        return space.Cover is { } cover && cover.StartsWith(prefix, StringComparison.Ordinal) && VersionPattern().IsMatch(cover.AsSpan(prefix.Length))
            ? cover[prefix.Length..]
            : null;
    }

    private async Task<byte[]> ReadBodyAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await new LimitedStream(body, MaxBytes, What).CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static SpaceDefinition Definition(SpaceView space, string? cover) => new(space.Name, space.Description, space.Inputs, cover);

    private static SpacesException NoCover(string spaceId) => new(ErrorCode.FileNotFound, $"Space {spaceId} has no uploaded cover");

    [GeneratedRegex("^[0-9a-f]{16}$")]
    private static partial Regex VersionPattern();
}
