using Orleans.Placement;

namespace Spaces.Grains.Datasets;

/// <summary>
/// Places a grain on the silos that run dataset jobs: those whose metadata says <see cref="JobSiloPlacementFilterStrategy.MetadataKey"/>
/// is <see cref="JobSiloPlacementFilterStrategy.Enabled"/> (the Silo's director reads it).
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class JobSiloPlacementFilterAttribute() : PlacementFilterAttribute(new JobSiloPlacementFilterStrategy());

public sealed class JobSiloPlacementFilterStrategy() : PlacementFilterStrategy(order: 0)
{
    /// <summary>The silo metadata key each silo publishes from <c>Spaces:Jobs:Enabled</c>.</summary>
    public const string MetadataKey = "spaces.jobs";

    public const string Enabled = "enabled";

    public const string Disabled = "disabled";
}
