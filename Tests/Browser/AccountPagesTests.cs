using Microsoft.Playwright;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Spaces.Tests.Browser;

/// <summary>Registration, sign-in and sign-out as people do them: with the keyboard, on a phone, in either language.</summary>
[Collection(BrowserFixture.Collection)]
public sealed class AccountPagesTests(BrowserFixture fixture)
{
    [Fact]
    public async Task RegisterSignOutAndSignIn_WithTheKeyboardOnly()
    {
        var (context, page) = await PortalSession.OpenAsync(fixture.Browser);
        await using var _ = context;
        var username = $"kb{Guid.NewGuid():N}"[..14];
        await page.GotoAsync($"{fixture.Host.BaseUrl}/register");
        await PageChecks.AssertEveryControlLabelledAsync(page);
        await Screenshots.SaveAsync(page, "register");

        // The username field has focus on arrival; Tab moves through the form in order.
        await page.Keyboard.TypeAsync(username);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("password-123");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("password-123");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/spaces$"));
        await Expect(page.Locator(".who")).ToHaveTextAsync(username);
        await Expect(page.Locator("#live-state")).ToHaveTextAsync("Live");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login$"));

        await page.GotoAsync($"{fixture.Host.BaseUrl}/spaces");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login\\?ReturnUrl=%2Fspaces$"));
        await page.Keyboard.TypeAsync(username);
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync("password-123");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/spaces$"));
    }

    [Fact]
    public async Task AWrongPassword_ShowsAClearError_InTheChosenLanguage()
    {
        var (context, page) = await PortalSession.OpenAsync(fixture.Browser, locale: "zh-CN");
        await using var _ = context;
        await page.GotoAsync($"{fixture.Host.BaseUrl}/login");
        await Expect(page.Locator("h1")).ToHaveTextAsync("登录");
        await page.GetByLabel("用户名").FillAsync("nobody-here");
        await page.GetByLabel("密码").FillAsync("wrong-password");
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("用户名或密码错误");
        await Screenshots.SaveAsync(page, "login-error-zh");

        await page.GetByLabel("语言").SelectOptionAsync("en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Sign in");
        await PageChecks.AssertEveryControlLabelledAsync(page);
        await Screenshots.SaveAsync(page, "login");
    }

    [Fact]
    public async Task OnAPhone_TheSpacePagesFitTheScreen_AndEveryControlIsLabelled()
    {
        using var admin = await ApiClient.AdminAsync(fixture.Host);
        var space = await admin.CreateSpaceAsync(HostFixture.UniqueName("PhoneWidthSpaceWithAVeryLongName"), new SpaceInputs(true, true, true, true, true));
        await using var user = await PortalSession.NewUserAsync(fixture.Browser, fixture.Host, width: 375);
        await user.GotoAsync("/spaces");
        await PageChecks.AssertNoSidewaysScrollAsync(user.Page);
        await PageChecks.AssertEveryControlLabelledAsync(user.Page);
        await user.GotoAsync($"/spaces/{space.Id}");
        await Expect(user.Page.Locator(".space-status .badge")).ToHaveTextAsync("✗ Not connected");
        await PageChecks.AssertNoSidewaysScrollAsync(user.Page);
        await PageChecks.AssertEveryControlLabelledAsync(user.Page);
        await user.ScreenshotAsync("space-phone");
    }
}
