using Spaces.Grains.Abstractions.Errors;
using Spaces.HuggingFace.Splits;

namespace Spaces.Silo.Datasets;

/// <summary>Split specs as the API refuses them: a 400 whose message shows the problem, before any job is queued.</summary>
public static class SplitSpecs
{
    // Larger than any dataset: a spec that selects nothing even from this many rows selects nothing from any.
    private const long AnySize = 1_000_000_000_000_000;

    public static SplitSpec Parse(string text)
    {
        try
        {
            var spec = SplitSpec.Parse(text);
            spec.Resolve(spec.SplitNames.ToDictionary(s => s, _ => AnySize, StringComparer.Ordinal));
            return spec;
        }
        catch (SplitSpecException e)
        {
            throw new SpacesException(ErrorCode.InvalidSplit, e.Message);
        }
    }
}
