using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>Sign-out and a password change end sessions on the server: a copy of the cookie stops working at once.</summary>
public sealed partial class SessionTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    /// <summary>A client that sends exactly the given cookie header, as someone who copied it would.</summary>
    private HttpClient Replaying(string cookieHeader)
    {
        var http = new HttpClient(new HttpClientHandler { UseCookies = false, AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.Host.BaseUrl) };
        http.DefaultRequestHeaders.Add("Cookie", cookieHeader);
        return http;
    }

    [Fact]
    public async Task Logout_ThenTheSameCookieReplayed_IsUnauthorized()
    {
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        using var copy = Replaying(user.CookieHeader);
        Assert.Equal(HttpStatusCode.OK, (await copy.GetAsync("/api/auth/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await user.Http.PostAsync("/api/auth/logout", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await copy.GetAsync("/api/spaces")).StatusCode);
    }

    [Fact]
    public async Task PortalSignOut_ThenTheSameCookieReplayed_IsSentToSignIn()
    {
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var page = await user.Http.GetStringAsync("/spaces");
        var token = AntiforgeryToken().Match(page);
        Assert.True(token.Success, "the spaces page carries no antiforgery token for its sign-out form");
        using var copy = Replaying(user.CookieHeader);

        var signedOut = await user.Http.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token.Groups[1].Value }));
        Assert.Equal("/login", signedOut.Headers.Location?.OriginalString);

        var replayed = await copy.GetAsync("/spaces");
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fspaces", replayed.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task PasswordChange_EndsOtherSessions_KeepsThisOne_AndOnlyTheNewPasswordSignsIn()
    {
        var name = $"pw{Guid.NewGuid():N}"[..20];
        using var changing = await ApiClient.NewUserAsync(fixture.Host, name);
        using var other = await ApiClient.SignInAsync(fixture.Host.BaseUrl, name, ApiClient.NewUserPassword);

        var changed = await changing.Http.PostAsJsonAsync("/api/auth/password", new { current_password = ApiClient.NewUserPassword, new_password = "a-new-password-42" });

        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await other.Http.GetAsync("/api/auth/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await changing.Http.GetAsync("/api/auth/me")).StatusCode);
        using var anonymous = ApiClient.Anonymous(fixture.Host);
        await ApiClient.AssertProblemAsync(
            await anonymous.Http.PostAsJsonAsync("/api/auth/login", new { username = name, password = ApiClient.NewUserPassword }),
            HttpStatusCode.Unauthorized, "InvalidCredentials");
        using var again = await ApiClient.SignInAsync(fixture.Host.BaseUrl, name, "a-new-password-42");
        Assert.Equal(HttpStatusCode.OK, (await again.Http.GetAsync("/api/auth/me")).StatusCode);
    }

    [Fact]
    public async Task PasswordChange_WithAWrongCurrentOrAWeakNewPassword_IsRefusedAndChangesNothing()
    {
        var name = $"pw{Guid.NewGuid():N}"[..20];
        using var user = await ApiClient.NewUserAsync(fixture.Host, name);
        using var other = await ApiClient.SignInAsync(fixture.Host.BaseUrl, name, ApiClient.NewUserPassword);

        await ApiClient.AssertProblemAsync(
            await user.Http.PostAsJsonAsync("/api/auth/password", new { current_password = "not-my-password", new_password = "a-new-password-42" }),
            HttpStatusCode.Forbidden, "WrongPassword");
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/auth/me")).StatusCode);
        await ApiClient.AssertProblemAsync(
            await user.Http.PostAsJsonAsync("/api/auth/password", new { current_password = ApiClient.NewUserPassword, new_password = "short" }),
            HttpStatusCode.BadRequest, "InvalidInput");
        var weak = await user.Http.PostAsJsonAsync("/api/auth/password", new { current_password = ApiClient.NewUserPassword, new_password = "password1" });
        Assert.Equal("PasswordCommon", (await weak.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("reason").GetString());
        using var anonymous = ApiClient.Anonymous(fixture.Host);
        await ApiClient.AssertProblemAsync(
            await anonymous.Http.PostAsJsonAsync("/api/auth/password", new { current_password = ApiClient.NewUserPassword, new_password = "a-new-password-42" }),
            HttpStatusCode.Unauthorized, "Unauthorized");

        Assert.Equal(HttpStatusCode.OK, (await other.Http.GetAsync("/api/auth/me")).StatusCode);
        using var again = await ApiClient.SignInAsync(fixture.Host.BaseUrl, name, ApiClient.NewUserPassword);
    }

    [Fact]
    public async Task PasswordPage_AsksForSignIn_AndRefusesAPostWithoutItsAntiforgeryToken()
    {
        using var anonymous = ApiClient.Anonymous(fixture.Host);
        var page = await anonymous.Http.GetAsync("/account/password");
        Assert.Equal("/login?ReturnUrl=%2Faccount%2Fpassword", page.Headers.Location?.OriginalString);
        using var user = await ApiClient.NewUserAsync(fixture.Host);
        var form = await user.Http.GetStringAsync("/account/password");
        Assert.Matches(AntiforgeryToken(), form);
        var fields = new Dictionary<string, string>
        {
            ["CurrentPassword"] = ApiClient.NewUserPassword,
            ["NewPassword"] = "a-new-password-42",
            ["ConfirmPassword"] = "a-new-password-42",
        };

        var forged = await user.Http.PostAsync("/account/password", new FormUrlEncodedContent(fields));
        fields["__RequestVerificationToken"] = AntiforgeryToken().Match(form).Groups[1].Value;
        fields["CurrentPassword"] = "not-my-password";
        var wrong = await user.Http.PostAsync("/account/password", new FormUrlEncodedContent(fields));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.Contains("The current password is wrong", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await user.Http.GetAsync("/api/auth/me")).StatusCode);
        using var stillOld = await ApiClient.SignInAsync(fixture.Host.BaseUrl, (await NameAsync(user))!, ApiClient.NewUserPassword);
    }

    private static async Task<string?> NameAsync(ApiClient user) =>
        (await user.Http.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/auth/me")).GetProperty("username").GetString();

    [Fact]
    public async Task SignInRedirect_WithAForgedHostHeader_IsALocalPath()
    {
        using var anonymous = ApiClient.Anonymous(fixture.Host);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/spaces");
        request.Headers.Host = "evil.example";

        var response = await anonymous.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/login?ReturnUrl=%2Fspaces", response.Headers.Location?.OriginalString);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
