namespace Spaces.HuggingFace.Splits;

/// <summary>
/// A split spec that cannot run: malformed, unknown split, or selecting no rows. The message quotes the spec and,
/// for syntax errors, shows it again with a caret under the offending character.
/// </summary>
public sealed class SplitSpecException : Exception
{
    public SplitSpecException(string spec, string message, int? position = null, string? part = null)
        : base(message)
    {
        Spec = spec;
        Position = position;
        Part = part;
    }

    public string Spec { get; }

    /// <summary>Zero-based index of the offending character in <see cref="Spec"/>, for syntax errors.</summary>
    public int? Position { get; }

    /// <summary>The offending <c>+</c>-separated part, when one part is at fault.</summary>
    public string? Part { get; }

    internal static SplitSpecException Syntax(string spec, int position, string problem)
    {
        var found = position < spec.Length ? $"'{spec[position]}'" : "the end";
        var message = $"Invalid split \"{spec}\": {problem}, found {found} at character {position + 1}.{Environment.NewLine}"
            + $"  {spec}{Environment.NewLine}  {new string(' ', position)}^";
        return new SplitSpecException(spec, message, position);
    }

    internal static SplitSpecException InPart(string spec, SplitInstruction part, string problem) =>
        new(spec, $"Invalid split \"{spec}\": in \"{part.Text}\", {problem}.", part.Position, part.Text);
}
