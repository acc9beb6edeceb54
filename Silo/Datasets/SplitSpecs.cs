using Spaces.Grains.Abstractions.Errors;
using Spaces.HuggingFace.Splits;

namespace Spaces.Silo.Datasets;

/// <summary>Split specs as the API refuses them: a 400 whose message shows the problem, before any job is queued.</summary>
public static class SplitSpecs
{
    public static SplitSpec Parse(string text)
    {
        try
        {
            return SplitSpec.Parse(text);
        }
        catch (SplitSpecException e)
        {
            throw new SpacesException(ErrorCode.InvalidSplit, e.Message);
        }
    }
}
