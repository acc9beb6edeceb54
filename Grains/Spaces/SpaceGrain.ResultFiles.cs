using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Grains.Spaces;

public sealed partial class SpaceGrain
{
    /// <summary>
    /// The status check runs in the same turn as the write, so a file can never be recorded for a request that a
    /// <c>Complete</c>, <c>Fail</c> or cancel has already ended, however the upload and the end race.
    /// </summary>
    public async Task<ResultFile?> SaveResultFileAsync(string requestId, ResultFile file)
    {
        var request = await LoadRequestAsync(requestId);
        if (request.Status != RequestStatuses.Processing)
        {
            throw SpacesException.RequestNotProcessing(requestId, request.Status);
        }
        var replaced = await _store.GetResultFileAsync(requestId, file.Name);
        await _store.SaveResultFileAsync(requestId, file);
        return replaced;
    }
}
