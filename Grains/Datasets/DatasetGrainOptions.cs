namespace Spaces.Grains.Datasets;

/// <summary>Dataset policy (section <c>Spaces:Datasets</c>).</summary>
public sealed class DatasetGrainOptions
{
    /// <summary>Progress events of one dataset are at least this far apart; the final one is always sent.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int MaxLengthLimit { get; set; } = 1_000_000;
}
