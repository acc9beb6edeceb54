using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Uploads;

/// <summary>
/// A submitted file keeps its name for people to read, but only a clean one: no folders, no "..", no control
/// characters. The bytes are stored under a generated blob name, so the name never reaches a path.
/// </summary>
public static class FileNames
{
    public static string Validate(string? raw)
    {
        var name = raw?.Trim().Trim('"') ?? "";
        if (name.Length is 0 or > 200
            || name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal)
            || name.Contains("..", StringComparison.Ordinal) || name.Any(char.IsControl) || name.StartsWith('.'))
        {
            throw new SpacesException(ErrorCode.InvalidFileName, $"File name not allowed: '{Printable(name)}'. Use a plain name such as audio.wav");
        }
        return name;
    }

    private static string Printable(string name) => new([.. name.Take(80).Select(c => char.IsControl(c) ? '?' : c)]);
}
