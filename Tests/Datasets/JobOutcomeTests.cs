using Azure;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Grains.Abstractions.Errors;
using Spaces.HuggingFace;
using Spaces.Silo.Jobs;
using Spaces.Silo.Storage;

namespace Spaces.Tests.Datasets;

/// <summary>Which ends of a job run are storage being out (the run restarts later) and which are the job's failure (the user sees it).</summary>
public sealed class JobOutcomeTests
{
    [Fact]
    public void AHubRequestThatTimedOut_WrappedAsTheJobsFailure_IsAFailure_NotAStorageOutage()
    {
        // As HubTransport raises it once the retries are spent: HttpClient's timeout is a TaskCanceledException around a TimeoutException.
        var timedOut = new TaskCanceledException("The request was canceled", new TimeoutException("HttpClient.Timeout"));
        var hub = new HuggingFaceException(HuggingFaceErrorKind.Unavailable, "The Hub request failed 5 times in a row", inner: new InvalidOperationException("timed out", timedOut));

        Assert.False(StorageOutage.Explains(new JobFailedException(DatasetMessages.DownloadFailed(hub.Message), hub)));
    }

    [Fact]
    public void StorageThatDoesNotAnswer_IsAStorageOutage()
    {
        Assert.True(StorageOutage.Explains(new RequestFailedException(503, "Service Unavailable")));
        Assert.True(StorageOutage.Explains(SpacesException.StorageUnavailable()));
        Assert.True(StorageOutage.Explains(new TimeoutException("a grain call waited on storage")));
    }
}
