using Spaces.Grains.Abstractions.Spaces;

namespace Spaces.Api.Portal.Rendering;

/// <summary>A space's inputs in form order: the prompt, then the file kinds. Their labels are <c>space.submit.{kind}</c>.</summary>
public static class InputKinds
{
    public static IReadOnlyList<string> All { get; } = ["prompt", .. SpaceInputs.FileKinds];

    public static bool IsEnabled(SpaceInputs inputs, string kind) => kind == "prompt" ? inputs.Prompt : inputs.AcceptsFileKind(kind);
}
