using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Spaces.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.Tests.Browser;

/// <summary>Changing one's password on the portal page, in either language, with the rule that failed shown.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class PasswordPageTests(BrowserFixture fixture)
{
    private sealed record Words(string Title, string WrongCurrent, string Common, string Differ, string Changed);

    private static readonly Dictionary<string, Words> Languages = new()
    {
        ["en-US"] = new("Change password", "The current password is wrong", "This password is one of the most common ones; choose another",
            "The passwords do not match", "Your password has been changed. Your other sessions have been signed out."),
        ["zh-CN"] = new("修改密码", "当前密码不正确", "这是最常见的密码之一，请换一个", "两次输入的密码不一致", "密码已修改，你的其他会话均已退出登录。"),
    };

    private static async Task SubmitAsync(IPage page, string current, string next, string confirm)
    {
        await page.Locator("#current").FillAsync(current);
        await page.Locator("#new").FillAsync(next);
        await page.Locator("#confirm").FillAsync(confirm);
        await page.Locator("main button[type=submit]").ClickAsync();
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("zh-CN")]
    public async Task PasswordPage_SaysWhichRuleFailed_ThenChangesThePassword_AndSignsOutOtherSessions(string locale)
    {
        var words = Languages[locale];
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, fixture.Host, locale);
        using var otherSession = await ApiClient.SignInAsync(fixture.Host.BaseUrl, user.Username, PortalSession.Password);
        var page = user.Page;
        await page.Locator("header a[href='/account/password']").ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync(words.Title);
        await PageChecks.AssertEveryControlLabelledAsync(page);

        await SubmitAsync(page, "not-my-password", "violet-harbour-42", "violet-harbour-42");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(words.WrongCurrent);
        await Expect(page.Locator(".who")).ToHaveTextAsync(user.Username);

        await SubmitAsync(page, PortalSession.Password, "password1", "password1");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(words.Common);

        await SubmitAsync(page, PortalSession.Password, "violet-harbour-42", "violet-harbour-43");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync(words.Differ);
        Assert.Equal(HttpStatusCode.OK, (await otherSession.Http.GetAsync("/api/auth/me")).StatusCode);

        await SubmitAsync(page, PortalSession.Password, "violet-harbour-42", "violet-harbour-42");
        await Expect(page).ToHaveURLAsync(new Regex(@"/account/password\?changed=true$"));
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = words.Changed })).ToBeVisibleAsync();
        await user.ScreenshotAsync($"password-changed-{locale}");

        Assert.Equal(HttpStatusCode.Unauthorized, (await otherSession.Http.GetAsync("/api/auth/me")).StatusCode);
        await user.GotoAsync("/spaces");
        await Expect(page.Locator(".who")).ToHaveTextAsync(user.Username);
        using var again = await ApiClient.SignInAsync(fixture.Host.BaseUrl, user.Username, "violet-harbour-42");
    }
}
