using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Api.Audit;
using Spaces.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Spaces.Tests.Api;

/// <summary>
/// Every endpoint of the running app, as an admin, as a worker and signed out, gets the bad-input matrix and tricky
/// route and query values: nothing answers 5xx, every refusal carries a code in its route's error shape, and a request
/// accepted before the run is still queued after it.
/// </summary>
public sealed class AuditHostFixture : HostFixture
{
    // Every audited sign-in and password change comes from 127.0.0.1 for a few names: budgets this size let each reach
    // its handler instead of the limiter, the address's lockout or the name's delay (their own tests cover those).
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Spaces:Accounts:MaxSignInsPerAddress"] = "100000",
        ["Spaces:Accounts:MaxFailedSignIns"] = "100000",
        ["Spaces:Accounts:MaxFailedSignInsPerUserName"] = "100000",
    };
}

public sealed class EndpointAuditTests(AuditHostFixture fixture, ITestOutputHelper output) : IClassFixture<AuditHostFixture>
{
    private SpacesHost Host => fixture.Host;

    private sealed record Identity(string Name, Action<HttpRequestMessage> Authenticate, bool LargeBodies);

    [Fact]
    public async Task EveryEndpoint_BadInputMatrix_NoServerErrorAndEveryRefusalHasACode()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var kept = await HeldSpaceAsync(admin, "AuditKept");
        var target = await HeldSpaceAsync(admin, "AuditTarget");
        await using var keptWorker = kept.Worker;
        await using var targetWorker = target.Worker;
        using var user = await ApiClient.NewUserAsync(Host);
        await user.SubmitOkAsync(kept.Space.Id, "in flight");
        var accepted = await user.SubmitOkAsync(kept.Space.Id, "accepted before the audit");
        var inFlight = await admin.SubmitOkAsync(target.Space.Id, "the target's request in flight");
        var cookie = admin.CookieHeader;
        // Sign-out ends its session on the server: it gets a session of its own, or every later admin send would be a 401.
        using var signingOut = await ApiClient.AdminAsync(Host);
        var signOutCookie = signingOut.CookieHeader;
        Identity[] identities =
        [
            new("admin", r => r.Headers.Add("Cookie", EndsSession(r) ? signOutCookie : cookie), LargeBodies: true),
            new("worker", r => r.Headers.Authorization = new("Bearer", target.Token), LargeBodies: false),
            new("anonymous", _ => { }, LargeBodies: false),
        ];
        string GoodValue(AuditTarget t, string parameter) => parameter switch
        {
            "spaceId" => target.Space.Id,
            "id" when t.Pattern.RawText!.Contains("requests/{id", StringComparison.Ordinal) => inFlight.RequestId,
            "id" when t.Pattern.RawText!.Contains("spaces/{id", StringComparison.Ordinal) => target.Space.Id,
            "name" => "a.wav",
            "documentName" => "v1",
            _ => "audit",
        };
        var targets = AuditTarget.All(Host.Services.GetRequiredService<EndpointDataSource>());
        Assert.Contains(targets, t => t.Display == "POST /websockets/submit/{spaceId}");
        var tally = new AuditTally();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(Host.BaseUrl),
            Timeout = TimeSpan.FromSeconds(60),
        };

        foreach (var destructive in new[] { false, true })
        {
            var sends = targets.Where(t => t.Destructive == destructive)
                // Orleans' dashboard handlers are not ours: only their refusal of everyone but admins is audited.
                .SelectMany(t => identities.Where(i => !t.ThirdPartyHandler || i.Name != "admin").SelectMany(identity => Sends(t, identity, p => GoodValue(t, p))));
            await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (send, ct) =>
                await SendAsync(http, send, tally, ct));
        }

        output.WriteLine($"{targets.Count} endpoint methods; {tally.Summary()}");
        foreach (var failure in tally.Failures)
        {
            output.WriteLine(failure);
        }
        Assert.True(tally.Failures.Count == 0, $"{tally.Summary()}\n{string.Join('\n', tally.Failures.Take(40))}");
        var view = await user.GetRequestAsync(accepted.RequestId);
        Assert.True(view.Status == RequestStatuses.Queued && view.Position == 1, $"the accepted request is {view.Status} at {view.Position}");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health")).StatusCode);
        Assert.True((await admin.Http.GetAsync("/api/auth/me")).StatusCode == HttpStatusCode.OK, "the audit's admin session ended during the audit");
    }

    private static bool EndsSession(HttpRequestMessage request) =>
        request.RequestUri!.OriginalString.StartsWith("/api/auth/logout", StringComparison.OrdinalIgnoreCase);

    private sealed record Send(AuditTarget Target, Identity Identity, string Url, string What, Func<HttpContent?> Body);

    private static IEnumerable<Send> Sends(AuditTarget target, Identity identity, Func<string, string> good)
    {
        var url = target.Path(good);
        foreach (var body in BadBodies.All)
        {
            if (identity.LargeBodies || !body.Name.Contains("huge", StringComparison.Ordinal))
            {
                yield return new(target, identity, url, body.Name, body.Content);
            }
        }
        yield return new(target, identity, url + RouteValues.TrickyQuery, "tricky query", BadBodies.PlainJson);
        foreach (var parameter in target.Parameters)
        {
            foreach (var trick in RouteValues.Tricks)
            {
                var tricked = target.Path(p => p == parameter ? trick : good(p));
                yield return new(target, identity, tricked, $"{{{parameter}}}={trick[..Math.Min(trick.Length, 24)]}", BadBodies.PlainJson);
            }
        }
    }

    private static async Task SendAsync(HttpClient http, Send send, AuditTally tally, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(new HttpMethod(send.Target.Method), new Uri(send.Url, UriKind.Relative));
        if (send.Target.Method is not "GET" and not "HEAD")
        {
            request.Content = send.Body();
        }
        send.Identity.Authenticate(request);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            tally.Fail($"{send.Identity.Name} {send.Target.Method} {Short(send.Url)} [{send.What}]: no answer ({e.Message})");
            return;
        }
        using (response)
        {
            tally.Record(response.StatusCode);
            if (!response.Headers.Contains("X-Content-Type-Options"))
            {
                tally.BeforeTheApp();
            }
            var problem = await CheckAsync(send.Target.Shape, response);
            if (problem is not null)
            {
                tally.Fail($"{send.Identity.Name} {send.Target.Method} {Short(send.Url)} [{send.What}]: {(int)response.StatusCode} {problem}");
            }
        }
    }

    /// <summary>What is wrong with the answer, or null when it is a success or a refusal in its route's shape.</summary>
    private static async Task<string?> CheckAsync(ErrorShape shape, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        if (status >= 500)
        {
            return $"server error: {Short(text)}";
        }
        if (status == 400 && text.Length == 0 && !response.Headers.Contains("X-Content-Type-Options"))
        {
            // Kestrel refuses a request target with a NUL before any middleware runs: an empty 400 the app never saw.
            return null;
        }
        if (status < 400 || shape == ErrorShape.Hub)
        {
            // SignalR's transport answers its own protocol errors (400 "Connection ID required") in plain text.
            return null;
        }
        var type = response.Content.Headers.ContentType?.MediaType;
        if (shape == ErrorShape.Page && type == "text/html")
        {
            return null;
        }
        var json = TryJson(text);
        return shape switch
        {
            ErrorShape.Compat when json is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.False
                && o.TryGetProperty("code", out var c) && c.GetString() is { Length: > 0 } => null,
            // A dot segment can normalise the path away from the route: the router's own 404 problem answers then.
            ErrorShape.Compat when !text.Contains("\"code\":\"NotFound\"", StringComparison.Ordinal) => $"not the form route's shape with a code ({type}): {Short(text)}",
            _ when type == "application/problem+json" && json is { ValueKind: JsonValueKind.Object } p
                && p.TryGetProperty("code", out var code) && code.GetString() is { Length: > 0 } => null,
            _ => $"not {shape} shape with a code ({type}): {Short(text)}",
        };
    }

    private static JsonElement? TryJson(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Short(string text) => text.Length <= 160 ? text : text[..160] + "…";

    private async Task<(SpaceView Space, TestWorker Worker, string Token)> HeldSpaceAsync(ApiClient admin, string prefix)
    {
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName(prefix), new SpaceInputs(Prompt: true, Audio: true, File: true));
        var token = await admin.CreateTokenAsync(space.Id);
        var worker = TestWorker.Start(Host, token, [space.Name], async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return null;
        });
        await worker.RegisteredAsync();
        return (space, worker, token);
    }
}
