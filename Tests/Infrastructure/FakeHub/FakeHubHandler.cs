using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Spaces.Tests.Infrastructure.FakeHub;

/// <summary>
/// Routes one request to the Hub host. Paths are split on the RAW target, so an unencoded revision such as
/// <c>refs/convert/parquet</c> lands in the wrong segments and fails as it would on the Hub.
/// </summary>
internal sealed class FakeHubHandler(FakeHubServer server, HttpContext context)
{
    private const string ParquetRevision = "refs/convert/parquet";

    public async Task HandleAsync()
    {
        server.Record("hub", context);
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? "/";
        var pathPart = raw.Split('?')[0];
        var segments = pathPart.Trim('/').Split('/').Select(Uri.UnescapeDataString).ToArray();
        var isApi = segments.Length >= 2 && segments[0] == "api" && segments[1] is "datasets" or "models";
        var kind = isApi ? segments[1] : segments[0] == "datasets" ? "datasets" : "models";
        var skip = isApi ? 2 : kind == "datasets" ? 1 : 0;
        var rest = segments[skip..];

        var (repo, renamedTo, consumed) = server.WithState((repos, renamed) => FindRepo(repos, renamed, kind, rest));
        if (renamedTo is not null)
        {
            // A renamed repo answers a relative redirect on the same host.
            var rawSegments = pathPart.Trim('/').Split('/');
            var location = "/" + string.Join('/', rawSegments[..skip].Append(renamedTo).Concat(rawSegments[(skip + consumed)..])) + context.Request.QueryString;
            context.Response.StatusCode = StatusCodes.Status307TemporaryRedirect;
            context.Response.Headers.Location = location;
            return;
        }

        if (repo is null)
        {
            await ErrorAsync(StatusCodes.Status404NotFound, "RepoNotFound", "Repository not found");
            return;
        }

        var tail = rest[consumed..];
        await (isApi ? HandleApiAsync(repo, tail) : HandleResolveAsync(repo, tail));
    }

    private async Task HandleApiAsync(FakeHubRepo repo, string[] tail)
    {
        switch (tail)
        {
            case []:
                await InfoAsync(repo, "main");
                return;
            case ["revision", var revision]:
                await InfoAsync(repo, revision);
                return;
            case ["tree", var revision, ..]:
                await TreeAsync(repo, revision, string.Join('/', tail[2..]));
                return;
            case ["parquet", ..] when repo.Kind == "datasets":
                if (await GateAsync(repo))
                {
                    await ParquetAsync(repo, tail[1..]);
                }

                return;
            default:
                await ErrorAsync(StatusCodes.Status404NotFound, null, "Not found");
                return;
        }
    }

    private async Task InfoAsync(FakeHubRepo repo, string revision)
    {
        var found = server.WithState((_, _) => repo.FindRevision(revision));
        if (found is not { } rev)
        {
            await ErrorAsync(StatusCodes.Status404NotFound, "RevisionNotFound", $"Invalid rev id: {revision}");
            return;
        }

        var siblings = new JsonArray();
        foreach (var path in server.WithState((_, _) => repo.InfoListsSiblings ? rev.Files.Keys.ToList() : []))
        {
            siblings.Add(new JsonObject { ["rfilename"] = path });
        }

        var slash = repo.Id.IndexOf('/', StringComparison.Ordinal);
        await JsonAsync(new JsonObject
        {
            ["_id"] = repo.Id.GetHashCode(StringComparison.Ordinal).ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
            ["id"] = repo.Id,
            ["author"] = slash > 0 ? repo.Id[..slash] : null,
            ["sha"] = FakeHubRepo.CommitOf(repo.Id, rev.Name),
            ["lastModified"] = "2024-01-02T03:04:05.000Z",
            ["private"] = false,
            ["gated"] = repo.RequiredToken is null ? false : "manual",
            ["disabled"] = false,
            ["downloads"] = 42,
            ["likes"] = 7,
            ["tags"] = new JsonArray("task_categories:text-generation", "format:parquet"),
            ["cardData"] = new JsonObject { ["license"] = "mit" },
            ["siblings"] = siblings,
        });
    }

    private async Task TreeAsync(FakeHubRepo repo, string revision, string under)
    {
        var found = server.WithState((_, _) => repo.FindRevision(revision));
        if (found is not { } rev)
        {
            await ErrorAsync(StatusCodes.Status404NotFound, "RevisionNotFound", $"Invalid rev id: {revision}");
            return;
        }

        var recursive = context.Request.Query["recursive"] == "true";
        var entries = server.WithState((_, _) => FakeHubTree.Entries(rev.Files, under, recursive));
        var offset = int.TryParse(context.Request.Query["cursor"], out var c) ? c : 0;
        var page = entries.Skip(offset).Take(server.TreePageSize).ToList();
        if (offset + page.Count < entries.Count)
        {
            var next = new Uri(server.BaseUrl, context.Request.Path.Value!.TrimStart('/')
                + $"?recursive={(recursive ? "true" : "false")}&expand=false&cursor={offset + page.Count}");
            context.Response.Headers.Link = $"<{next.AbsoluteUri}>; rel=\"next\"";
        }

        await JsonAsync(new JsonArray([.. page]));
    }

    private async Task ParquetAsync(FakeHubRepo repo, string[] tail)
    {
        var shards = server.WithState((_, _) => repo.ParquetShards.ToDictionary(c => c.Key, c => c.Value.ToDictionary(s => s.Key, s => s.Value)));
        if (shards.Count == 0 && server.WithState((_, _) => repo.ParquetListingIsBare404))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }
        JsonArray Urls(string config, string split, int count) =>
            [.. Enumerable.Range(0, count).Select(i => (JsonNode)new Uri(server.BaseUrl, $"api/datasets/{repo.Id}/parquet/{config}/{split}/{i}.parquet").AbsoluteUri)];
        JsonObject Splits(string config) => new(shards[config].Select(s => KeyValuePair.Create(s.Key, (JsonNode?)Urls(config, s.Key, s.Value))));

        switch (tail)
        {
            case []:
                await JsonAsync(new JsonObject(shards.Keys.Select(c => KeyValuePair.Create(c, (JsonNode?)Splits(c)))));
                return;
            case [var config] when shards.ContainsKey(config):
                await JsonAsync(Splits(config));
                return;
            case [var config, var split] when shards.TryGetValue(config, out var s) && s.ContainsKey(split):
                await JsonAsync(Urls(config, split, s[split]));
                return;
            case [var config, var split, var name] when name.EndsWith(".parquet", StringComparison.Ordinal)
                && int.TryParse(name[..^8], out var index) && shards.TryGetValue(config, out var s2) && index < s2.GetValueOrDefault(split):
                context.Response.StatusCode = StatusCodes.Status302Found;
                context.Response.Headers.Location = new Uri(server.BaseUrl,
                    $"datasets/{repo.Id}/resolve/{Uri.EscapeDataString(ParquetRevision)}/{config}/{split}/{index:D4}.parquet").AbsoluteUri;
                return;
            default:
                await ErrorAsync(StatusCodes.Status404NotFound, null, "Parquet conversion not found");
                return;
        }
    }

    private async Task HandleResolveAsync(FakeHubRepo repo, string[] tail)
    {
        if (tail is not ["resolve", var revision, _, ..])
        {
            await ErrorAsync(StatusCodes.Status404NotFound, null, "Not found");
            return;
        }

        if (!await GateAsync(repo))
        {
            return;
        }

        var path = string.Join('/', tail[2..]);
        var found = server.WithState((_, _) => repo.FindRevision(revision));
        if (found is not { } rev)
        {
            await ErrorAsync(StatusCodes.Status404NotFound, "RevisionNotFound", $"Invalid rev id: {revision}");
            return;
        }

        var file = server.WithState((_, _) => rev.Files.GetValueOrDefault(path));
        if (file is null)
        {
            await ErrorAsync(StatusCodes.Status404NotFound, "EntryNotFound", $"{path} does not exist on \"{revision}\"");
            return;
        }

        var headers = context.Response.Headers;
        headers["X-Repo-Commit"] = FakeHubRepo.CommitOf(repo.Id, rev.Name);
        headers.ETag = $"\"{file.GitOid}\"";
        if (file.IsLfs)
        {
            headers["X-Linked-Etag"] = $"\"{file.Sha256}\"";
            headers["X-Linked-Size"] = file.Length.ToString(System.Globalization.CultureInfo.InvariantCulture);
            headers.Location = server.CdnUrlFor(file).AbsoluteUri;
            context.Response.StatusCode = StatusCodes.Status302Found;
            return;
        }

        await FakeHubContent.ServeAsync(context, file, server);
    }

    /// <summary>False (after answering) when the repo is gated and the request lacks the right token.</summary>
    private async Task<bool> GateAsync(FakeHubRepo repo)
    {
        if (repo.RequiredToken is not { } token)
        {
            return true;
        }

        var auth = context.Request.Headers.Authorization.ToString();
        if (auth == $"Bearer {token}")
        {
            return true;
        }

        var message = $"Access to dataset {repo.Id} is restricted. You must have access to it and be authenticated to access it.";
        await ErrorAsync(auth.Length == 0 ? StatusCodes.Status401Unauthorized : StatusCodes.Status403Forbidden, "GatedRepo", message);
        return false;
    }

    private static (FakeHubRepo? Repo, string? RenamedTo, int Consumed) FindRepo(
        Dictionary<string, FakeHubRepo> repos, IReadOnlyDictionary<string, string> renamed, string kind, string[] rest)
    {
        for (var length = Math.Min(2, rest.Length); length >= 1; length--)
        {
            var id = string.Join('/', rest[..length]);
            if (repos.TryGetValue($"{kind}/{id}", out var repo))
            {
                return (repo, null, length);
            }

            if (renamed.TryGetValue(id, out var newId))
            {
                return (null, newId, length);
            }
        }

        return (null, null, 0);
    }

    private Task JsonAsync(JsonNode body)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        return context.Response.WriteAsync(body.ToJsonString());
    }

    private Task ErrorAsync(int status, string? code, string message)
    {
        context.Response.StatusCode = status;
        if (code is not null)
        {
            context.Response.Headers["X-Error-Code"] = code;
        }

        context.Response.Headers["X-Error-Message"] = message;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : JsonAsync(new JsonObject { ["error"] = message });
    }
}
