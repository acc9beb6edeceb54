using System.Net;
using System.Net.Http.Json;
using System.Text;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>Security headers on every kind of response, and space names that cannot pass for other names.</summary>
public sealed class HardeningTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    private SpacesHost Host => fixture.Host;

    [Fact]
    public async Task EveryKindOfResponse_CarriesNosniffReferrerPolicyAndAFrameAncestorsPolicyWithoutInlineScript()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        using var anonymous = ApiClient.Anonymous(Host);
        var responses = new Dictionary<string, HttpResponseMessage>
        {
            ["page"] = await admin.Http.GetAsync("/spaces"),
            ["sign-in page"] = await anonymous.Http.GetAsync("/login"),
            ["redirect"] = await anonymous.Http.GetAsync("/spaces"),
            ["static file"] = await anonymous.Http.GetAsync("/css/site.css"),
            ["json"] = await admin.Http.GetAsync("/api/spaces"),
            ["401 problem"] = await anonymous.Http.GetAsync("/api/spaces"),
            ["404 problem"] = await admin.Http.GetAsync("/api/nothing-here"),
            ["404 page"] = await admin.Http.GetAsync("/nothing-here"),
            ["415 problem"] = await admin.Http.PostAsync("/api/spaces", new StringContent("{}", Encoding.UTF8, "application/json") { Headers = { ContentType = new("application/json") { CharSet = "bogus" } } }),
            ["health"] = await anonymous.Http.GetAsync("/health"),
        };

        foreach (var (what, response) in responses)
        {
            Assert.True(response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", $"{what}: no nosniff");
            Assert.True(response.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() == "same-origin", $"{what}: no Referrer-Policy");
            Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no Content-Security-Policy");
            var policy = csp.Single().Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
            Assert.Equal("frame-ancestors 'self'", policy["frame-ancestors"]);
            Assert.Equal("script-src 'self'", policy["script-src"]);
            Assert.Equal("object-src 'none'", policy["object-src"]);
        }
        await ApiClient.AssertProblemAsync(responses["415 problem"], HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType");
    }

    [Theory]
    [InlineData("nul\u0000name")]
    [InlineData("bell\u0007")]
    [InlineData("new\nline")]
    [InlineData("\ufeffbom")]
    [InlineData("evil\u202egnp.exe")]
    [InlineData("isolate\u2066x\u2069")]
    [InlineData("mark\u200fx")]
    [InlineData("zero\u200bwidth")]
    public async Task SpaceName_WithControlBidiOrInvisibleCharacters_IsInvalidInput(string name)
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var valid = await admin.CreateSpaceAsync(HostFixture.UniqueName("Renamed"));

        var created = await admin.Http.PostAsJsonAsync("/api/spaces", new { name });
        var renamed = await admin.Http.PatchAsJsonAsync($"/api/spaces/{valid.Id}", new { name });
        var added = await admin.Http.PostAsync("/admin/space/add", new FormUrlEncodedContent([KeyValuePair.Create("name", name)]));

        var detail = await ApiClient.AssertProblemAsync(created, HttpStatusCode.BadRequest, "InvalidInput");
        Assert.Contains("A space name cannot contain", detail);
        await ApiClient.AssertProblemAsync(renamed, HttpStatusCode.BadRequest, "InvalidInput");
        await ApiClient.AssertProblemAsync(added, HttpStatusCode.BadRequest, "InvalidInput");
        Assert.Equal(valid.Name, (await admin.GetSpaceAsync(valid.Id)).Name);
    }

    [Fact]
    public async Task SpaceName_InAnyScriptWithEmoji_IsAccepted_AndDuplicatesStayPossible()
    {
        using var admin = await ApiClient.AdminAsync(Host);
        var name = HostFixture.UniqueName("语音 Ünïcode 👩‍💻");

        var first = await admin.CreateSpaceAsync(name);
        var second = await admin.CreateSpaceAsync(name);

        Assert.Equal(name, first.Name);
        Assert.NotEqual(first.Id, second.Id);
        Assert.Equal(2, (await ApiClient.ReadAsync<SpaceView[]>(await admin.Http.GetAsync($"/api/spaces?name={Uri.EscapeDataString(name)}"), HttpStatusCode.OK)).Length);
    }
}
