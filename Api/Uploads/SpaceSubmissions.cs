using Spaces.Api.Auth;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Blobs;
using Orleans;
using Spaces.Silo.Stores;

namespace Spaces.Api.Uploads;

/// <summary>The one way a request enters a space, for the JSON API and the form route alike.</summary>
public sealed class SpaceSubmissions(ISpaceQueries spaces, SubmissionReader reader, IGrainFactory grains, IBlobStore blobs)
{
    public async Task<RequestAccepted> SubmitAsync(HttpContext context, string spaceId)
    {
        var space = await spaces.GetAsync(spaceId, context.RequestAborted) ?? throw SpacesException.SpaceNotFound(spaceId);
        if (!space.WorkerConnected)
        {
            // Refuse before reading the body: nothing is uploaded for a request that cannot be queued.
            throw SpacesException.NoWorkerConnected();
        }
        var requestId = Guid.NewGuid().ToString("N");
        var submission = await reader.ReadAsync(context.Request, space.Inputs, requestId, context.RequestAborted);
        try
        {
            return await grains.GetGrain<ISpaceGrain>(spaceId).SubmitAsync(
                new NewRequest(requestId, submission.Prompt, submission.Files, context.User.RequiredUserId()));
        }
        catch (SpacesException)
        {
            await blobs.DeletePrefixAsync(BlobNames.RequestPrefix(requestId), CancellationToken.None);
            throw;
        }
    }
}
