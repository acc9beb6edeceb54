using System.Text.RegularExpressions;

namespace Spaces.HuggingFace;

/// <summary>
/// Validates what comes from users (repo ids) and from the Hub (file paths) before it reaches a URL or a folder,
/// and builds Hub URLs with the encoding the official client uses.
/// </summary>
public static partial class HubPaths
{
    /// <summary>
    /// Throws <see cref="HuggingFaceErrorKind.UnsafePath"/> unless <paramref name="path"/> is a plain relative path:
    /// no empty, <c>.</c> or <c>..</c> segment, no leading <c>/</c>, no backslash, no control character, no drive prefix.
    /// A Hub listing therefore can never make us write outside our folder.
    /// </summary>
    public static string EnsureSafeRelativePath(string path, string source)
    {
        var problem = FindPathProblem(path);
        if (problem is not null)
        {
            throw new HuggingFaceException(HuggingFaceErrorKind.UnsafePath, $"Refused unsafe path {Quote(path)} from {source}: {problem}.");
        }

        return path;
    }

    /// <summary>The reason <paramref name="path"/> is unsafe, or null when it is a plain relative path.</summary>
    public static string? FindPathProblem(string path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return "the path is empty";
        }

        if (path.Any(char.IsControl))
        {
            return "it contains a control character";
        }

        if (path.Contains('\\'))
        {
            return "it contains a backslash";
        }

        if (path.StartsWith('/'))
        {
            return "it starts with '/'";
        }

        if (path.Length >= 2 && path[1] == ':' && char.IsAsciiLetter(path[0]))
        {
            return "it starts with a drive letter";
        }

        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return segment == ".." ? "it contains a '..' segment" : "it contains an empty or '.' segment";
            }
        }

        return null;
    }

    /// <summary>Joins a safe relative Hub path under <paramref name="root"/>, refusing anything that would escape it.</summary>
    public static string CombineUnder(string root, string relativePath)
    {
        EnsureSafeRelativePath(relativePath, "a Hub listing");
        var fullRoot = Path.GetFullPath(root);
        var combined = Path.GetFullPath(Path.Combine(fullRoot, relativePath.Replace('/', Path.DirectorySeparatorChar)));
        var rootWithSeparator = Path.EndsInDirectorySeparator(fullRoot) ? fullRoot : fullRoot + Path.DirectorySeparatorChar;
        if (!combined.StartsWith(rootWithSeparator, StringComparison.Ordinal))
        {
            throw new HuggingFaceException(HuggingFaceErrorKind.UnsafePath, $"Refused path {Quote(relativePath)}: it resolves outside {root}.");
        }

        return combined;
    }

    /// <summary>Accepts <c>name</c> or <c>namespace/name</c> with letters, digits, <c>-_.</c>; refuses anything else.</summary>
    public static string EnsureValidRepoId(string repoId)
    {
        if (repoId is null || repoId.Length > 200 || !RepoIdPattern().IsMatch(repoId) || repoId.Split('/').Any(s => s is "." or ".."))
        {
            throw new ArgumentException(
                $"Invalid Hub repo id {Quote(repoId ?? "")}: expected 'name' or 'namespace/name' with letters, digits, '-', '_' or '.'.",
                nameof(repoId));
        }

        return repoId;
    }

    /// <summary>Revisions are encoded completely, so <c>refs/convert/parquet</c> becomes <c>refs%2Fconvert%2Fparquet</c>.</summary>
    public static string EncodeRevision(string revision)
    {
        if (string.IsNullOrEmpty(revision) || revision.Any(char.IsControl))
        {
            throw new ArgumentException($"Invalid revision {Quote(revision ?? "")}.", nameof(revision));
        }

        return Uri.EscapeDataString(revision);
    }

    /// <summary>File paths keep <c>/</c> between segments; each segment is percent-encoded.</summary>
    public static string EncodePath(string path) =>
        string.Join('/', EnsureSafeRelativePath(path, "the request").Split('/').Select(Uri.EscapeDataString));

    /// <summary><c>datasets/{repo}/resolve/{rev}/{path}</c>, or <c>{repo}/resolve/{rev}/{path}</c> for models.</summary>
    public static Uri ResolveUrl(Uri endpoint, HubFile file)
    {
        var prefix = file.Kind == RepoKind.Dataset ? "datasets/" : "";
        return Combine(endpoint, $"{prefix}{EnsureValidRepoId(file.RepoId)}/resolve/{EncodeRevision(file.Revision)}/{EncodePath(file.Path)}");
    }

    /// <summary><c>api/datasets/{repo}</c> or <c>api/models/{repo}</c>.</summary>
    public static string ApiRepoPath(RepoKind kind, string repoId) =>
        $"api/{(kind == RepoKind.Dataset ? "datasets" : "models")}/{EnsureValidRepoId(repoId)}";

    /// <summary>Resolves a relative API path against the endpoint, keeping any path prefix the endpoint has.</summary>
    public static Uri Combine(Uri endpoint, string relative)
    {
        var baseText = endpoint.AbsoluteUri.EndsWith('/') ? endpoint.AbsoluteUri : endpoint.AbsoluteUri + "/";
        return new Uri(new Uri(baseText), relative);
    }

    /// <summary>Scheme, host and port equal: the only places our token may go.</summary>
    public static bool SameOrigin(Uri a, Uri b) =>
        string.Equals(a.Scheme, b.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.IdnHost, b.IdnHost, StringComparison.OrdinalIgnoreCase)
        && a.Port == b.Port;

    /// <summary>Host and path only: signed CDN URLs carry credentials in their query.</summary>
    internal static string Redact(Uri url) => url.GetLeftPart(UriPartial.Path);

    private static string Quote(string text) =>
        "'" + new string(text.Select(c => char.IsControl(c) ? '?' : c).ToArray()) + "'";

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(/[A-Za-z0-9_.\-]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RepoIdPattern();
}
