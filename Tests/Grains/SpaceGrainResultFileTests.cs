using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Tests.Grains;

public sealed class SpaceGrainResultFileTests
{
    private const string SpaceId = "space1";
    private readonly GrainTestbed _bed = new();

    private async Task ProcessingAsync(params string[] requestIds)
    {
        await _bed.CallAsync(SpaceId, g => g.CreateAsync(new SpaceDefinition("Demo", "", new SpaceInputs(), null), "owner"));
        await _bed.CallAsync(SpaceId, g => g.AttachWorkerAsync("c1", "node"));
        foreach (var id in requestIds)
        {
            await _bed.CallAsync(SpaceId, g => g.SubmitAsync(new NewRequest(id, "hello", [], "user")));
        }
    }

    private Task<ResultFile?> SaveAsync(string requestId, ResultFile file, string spaceId = SpaceId) =>
        _bed.CallAsync(spaceId, g => g.SaveResultFileAsync(requestId, file));

    private static ResultFile Png(string requestId, string name, string blob) =>
        new(name, "image/png", 10, $"requests/{requestId}/results/{blob}");

    [Fact]
    public async Task SaveResultFile_WhileProcessing_RecordsItAndReplacesTheSameName()
    {
        await ProcessingAsync("r1");
        var first = Png("r1", "cat.png", "a");
        var second = first with { Size = 20, BlobName = "requests/r1/results/b" };

        Assert.Null(await SaveAsync("r1", first));
        Assert.Equal(first, await SaveAsync("r1", second));

        Assert.Equal(second, _bed.ResultFile("r1", "cat.png"));
    }

    [Fact]
    public async Task SaveResultFile_AfterComplete_IsRequestNotProcessingAndRecordsNothing()
    {
        await ProcessingAsync("r1");
        await _bed.CallAsync(SpaceId, g => g.CompleteAsync("c1", "r1", default));

        var error = await Assert.ThrowsAsync<SpacesException>(() => SaveAsync("r1", Png("r1", "late.png", "c")));

        Assert.Equal(ErrorCode.RequestNotProcessing, error.Code);
        Assert.Equal("Request r1 is completed; result files are accepted only while it is processing", error.Detail);
        Assert.Null(_bed.ResultFile("r1", "late.png"));
    }

    [Fact]
    public async Task SaveResultFile_ForAQueuedRequest_IsRequestNotProcessing()
    {
        await ProcessingAsync("r1", "r2");

        var error = await Assert.ThrowsAsync<SpacesException>(() => SaveAsync("r2", Png("r2", "early.png", "d")));

        Assert.Equal(ErrorCode.RequestNotProcessing, error.Code);
    }

    [Fact]
    public async Task SaveResultFile_ForARequestOfAnotherSpace_IsRequestNotFound()
    {
        await ProcessingAsync("r1");

        var error = await Assert.ThrowsAsync<SpacesException>(() => SaveAsync("r1", Png("r1", "x.png", "e"), spaceId: "space2"));

        Assert.Equal(ErrorCode.RequestNotFound, error.Code);
    }
}
