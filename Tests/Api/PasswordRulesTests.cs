using System.Net;
using System.Net.Http.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>Registration refuses passwords that are short, blank, the user name, or on the common-password list.</summary>
public sealed class PasswordRulesTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Theory]
    [InlineData("password", "one of the most common")]
    [InlineData("12345678", "one of the most common")]
    [InlineData("PassWord", "one of the most common")]
    [InlineData("qwertyuiop", "one of the most common")]
    [InlineData("        ", "only spaces")]
    [InlineData("short", "8 to 256 characters")]
    [InlineData("{name}", "the user name")]
    [InlineData(" {NAME} ", "the user name")]
    public async Task Register_WithAWeakPassword_IsInvalidInput_SayingWhy(string password, string reason)
    {
        using var client = ApiClient.Anonymous(fixture.Host);
        var username = $"pw{Guid.NewGuid():N}"[..14];

        var response = await client.Http.PostAsJsonAsync("/api/auth/register", new
        {
            username,
            password = password.Replace("{name}", username, StringComparison.Ordinal).Replace("{NAME}", username.ToUpperInvariant(), StringComparison.Ordinal),
        });

        Assert.Contains(reason, await ApiClient.AssertProblemAsync(response, HttpStatusCode.BadRequest, "InvalidInput"));
    }

    [Fact]
    public async Task Register_WithAnUncommonPassword_Succeeds()
    {
        using var client = ApiClient.Anonymous(fixture.Host);

        var response = await client.Http.PostAsJsonAsync("/api/auth/register", new { username = $"pw{Guid.NewGuid():N}"[..14], password = "violet-harbour-42" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }
}
