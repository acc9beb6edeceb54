using Microsoft.Extensions.Options;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Spaces;

namespace Spaces.Silo.Runtime;

/// <summary>Hands out references to grains; a reference is cheap and stateless, every call on it is a turn.</summary>
public sealed class GrainFactory(
    GrainRuntime runtime,
    TimeProvider time,
    IOptions<SpaceGrainOptions> spaceOptions)
{
    public ISpaceGrain GetSpace(string spaceId) => new SpaceGrainReference(spaceId, runtime, time, spaceOptions.Value);
}
