using Microsoft.Data.Sqlite;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using Xunit.Abstractions;

using static Spaces.Tests.Grains.SpaceGrainSteps;

namespace Spaces.Tests.Grains;

/// <summary>A space grain when its silo dies, when its storage fails, and what its state costs at the queue's bound.</summary>
[Collection(SpaceClusterCollection.Name)]
public sealed class SpaceGrainFailureTests(GrainClusterFixture fixture, ITestOutputHelper output)
{
    private IRequestGrain Request(string id) => fixture.Grains.GetGrain<IRequestGrain>(id);

    [Fact]
    public async Task KillSilo_HoldingASpace_StateIsBack_SeqDoesNotRepeat_AndTheInFlightRequestIsRequeuedWithTheNextAttempt()
    {
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        var primary = fixture.Cluster.Silos[0].SiloAddress;
        ISpaceGrain space;
        SiloAddress? host;
        do
        {
            space = await fixture.CreateSpaceAsync();
            host = await management.GetActivationAddress(space);
        }
        while (host == primary);
        // The worker is connected to the host that dies: once it is dead, its relay no longer answers.
        var worker = await fixture.AttachWorkerAsync(space, host);
        var (running, queued) = (NewId(), NewId());
        await SubmitAsync(space, running);
        await SubmitAsync(space, queued);
        var seen = (await space.ReadAsync(-1)).Seq;

        worker.Unreachable = true;
        // The collection goes on with the primary alone: a silo started now would probe the dead one and fail to join.
        await fixture.Cluster.KillSiloAsync(fixture.Cluster.Silos.Single(s => s.SiloAddress == host));
        var record = await AnswerFromALiveSiloAsync(space);

        Assert.Equal((false, 2), (record!.View.WorkerConnected, record.View.QueueSize));
        var read = await space.ReadAsync(-1);
        Assert.True(read.Seq > seen, $"seq {read.Seq} after the silo died must be past {seen}");
        var requeued = (await Request(running).GetAsync())!.View;
        Assert.Equal((RequestStatuses.Queued, 1, 1), (requeued.Status, requeued.Position, requeued.Attempts));
        var next = await fixture.AttachWorkerAsync(space);
        var dispatched = Assert.Single(next.Dispatched);
        Assert.Equal((running, 2), (dispatched.RequestId, dispatched.Attempt));
        Assert.Equal(1, (await space.GetAsync())!.View.QueueSize);
        Assert.True((await space.ReadAsync(-1)).Seq > read.Seq);
    }

    [Fact]
    public async Task Write_ThatTheStorageFails_Is503StorageUnavailable_AndTheGrainKeepsWhatWasStored()
    {
        var space = await fixture.CreateSpaceAsync();
        var worker = await fixture.AttachWorkerAsync(space);
        var (running, queued, refused) = (NewId(), NewId(), NewId());
        await SubmitAsync(space, running);
        await SubmitAsync(space, queued);

        SpacesException submit, detach, update;
        fixture.Faults.FailWrites = true;
        try
        {
            submit = await Assert.ThrowsAsync<SpacesException>(() => SubmitAsync(space, refused));
            detach = await Assert.ThrowsAsync<SpacesException>(() => space.DetachWorkerAsync(worker.ConnectionId, "gone"));
            update = await Assert.ThrowsAsync<SpacesException>(() => space.UpdateAsync(new SpaceDefinition("Renamed", "", new SpaceInputs(), null)));
        }
        finally
        {
            fixture.Faults.FailWrites = false;
        }

        Assert.All(new[] { submit, detach, update }, e => Assert.Equal(ErrorCode.StorageUnavailable, e.Code));
        Assert.Null(await Request(refused).GetAsync());
        var view = (await space.GetAsync())!.View;
        Assert.Equal(("Demo", true, 1), (view.Name, view.WorkerConnected, view.QueueSize));
        Assert.Equal(RequestStatuses.Processing, (await Request(running).GetAsync())!.View.Status);
        Assert.Equal(1, await space.GetPositionAsync(queued));
        await space.CompleteAsync(worker.ConnectionId, running, default);
        Assert.Equal([running, queued], worker.DispatchedIds);
        Assert.Equal(RequestStatuses.Completed, (await Request(running).GetAsync())!.View.Status);
        Assert.Equal(1, (await SubmitAsync(space, NewId())).Position);
    }

    [Fact]
    public async Task SpaceState_AtMaxQueueSize_IsStoredInAtMost64KiB()
    {
        const int maxQueueSize = 1000;
        var space = await fixture.CreateSpaceAsync();
        await fixture.AttachWorkerAsync(space);
        await SubmitAsync(space, NewId());
        // The worst case for the per-user counts: every queued request from a user of its own, ids as the API makes them.
        for (var i = 0; i < maxQueueSize; i++)
        {
            await SubmitAsync(space, NewId(), submitter: NewId());
        }

        var full = await Assert.ThrowsAsync<SpacesException>(() => SubmitAsync(space, NewId(), submitter: NewId()));
        var bytes = await StoredBytesAsync(space.GetPrimaryKeyString());
        output.WriteLine($"space state with {maxQueueSize} queued requests and one in flight: {bytes} bytes ({bytes / 1024.0:0.0} KiB)");

        Assert.Equal(ErrorCode.QueueFull, full.Code);
        Assert.Equal(maxQueueSize, (await space.GetAsync())!.View.QueueSize);
        Assert.InRange(bytes, 1, 64 * 1024);
    }

    /// <summary>The bytes the SQLite grain storage holds for the space's state row.</summary>
    private async Task<long> StoredBytesAsync(string spaceId)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = fixture.StateFile, Mode = SqliteOpenMode.ReadOnly }.ToString());
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT length(data) FROM grain_state WHERE grain_key = $key AND state_name = 'space'";
        command.Parameters.AddWithValue("$key", spaceId);
        return await command.ExecuteScalarAsync() is long length ? length : throw new InvalidOperationException($"No stored state for space {spaceId}");
    }

    /// <summary>
    /// The space's record once a live silo answers: until membership declares the killed silo dead, a call may still be
    /// routed to it and never answered, so each try has a short timeout of its own.
    /// </summary>
    private static async Task<SpaceRecord?> AnswerFromALiveSiloAsync(ISpaceGrain space)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (true)
        {
            try
            {
                return await space.GetAsync().WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception e) when (DateTime.UtcNow < deadline && e is TimeoutException or OrleansException or SiloUnavailableException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200));
            }
        }
    }
}
