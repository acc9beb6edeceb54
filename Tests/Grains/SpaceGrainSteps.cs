using Orleans.Runtime;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Grains;

/// <summary>The steps the space grain tests share: a new space, a worker attached through a relay on a silo, a submission.</summary>
internal static class SpaceGrainSteps
{
    public static string NewId() => Guid.NewGuid().ToString("N");

    public static async Task<ISpaceGrain> CreateSpaceAsync(this GrainClusterFixture fixture, SpaceInputs? inputs = null)
    {
        var space = fixture.Grains.GetGrain<ISpaceGrain>(NewId());
        await space.CreateAsync(new SpaceDefinition("Demo", "", inputs ?? new SpaceInputs(), null), "owner");
        return space;
    }

    public static async Task<RelayedWorker> AttachWorkerAsync(this GrainClusterFixture fixture, ISpaceGrain space, SiloAddress? host = null)
    {
        var worker = RelayedWorker.On(fixture.Grains, host ?? fixture.Cluster.Silos[0].SiloAddress);
        fixture.Observers.Add(worker);
        await space.AttachWorkerAsync(worker.Attachment);
        return worker;
    }

    public static Task<RequestAccepted> SubmitAsync(ISpaceGrain space, string id, string submitter = "user") =>
        space.SubmitAsync(new NewRequest(id, "hello", [], submitter));
}
