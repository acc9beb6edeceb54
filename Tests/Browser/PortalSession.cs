using Microsoft.Playwright;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Browser;

/// <summary>One person in their own browser context, signed in through the real sign-in page.</summary>
public sealed class PortalSession : IAsyncDisposable
{
    public const string Password = "password-123";

    private readonly IBrowserContext _context;

    private PortalSession(IBrowserContext context, IPage page, string baseUrl, string username)
    {
        _context = context;
        Page = page;
        BaseUrl = baseUrl;
        Username = username;
    }

    public IPage Page { get; }

    /// <summary>The session's browser context: more tabs with the same sign-in, permissions such as the clipboard.</summary>
    public IBrowserContext Context => _context;

    public string BaseUrl { get; }

    public string Username { get; }

    /// <summary>A browser context with the given language (Accept-Language) and window width.</summary>
    public static async Task<(IBrowserContext Context, IPage Page)> OpenAsync(IBrowser browser, string locale = "en-US", int width = 1280)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            Locale = locale,
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        return (context, await context.NewPageAsync());
    }

    /// <summary>Registers a new user through the API and signs them in through the page.</summary>
    public static async Task<PortalSession> NewUserAsync(IBrowser browser, SpacesHost host, string locale = "en-US", int width = 1280)
    {
        var username = $"user{Guid.NewGuid():N}"[..16];
        using (var api = await ApiClient.NewUserAsync(host, username))
        {
        }
        return await SignInAsync(browser, host.BaseUrl, username, Password, locale, width);
    }

    public static Task<PortalSession> AdminAsync(IBrowser browser, SpacesHost host, string locale = "en-US") =>
        SignInAsync(browser, host.BaseUrl, "admin", SpacesHost.AdminPassword, locale, 1280);

    public static async Task<PortalSession> SignInAsync(IBrowser browser, string baseUrl, string username, string password, string locale, int width)
    {
        var (context, page) = await OpenAsync(browser, locale, width);
        await page.GotoAsync($"{baseUrl}/login");
        await page.Locator("#username").FillAsync(username);
        await page.Locator("#password").FillAsync(password);
        await page.Locator("main button[type=submit]").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal));
        return new PortalSession(context, page, baseUrl, username);
    }

    public Task GotoAsync(string path) => Page.GotoAsync(BaseUrl + path);

    /// <summary>Saves a screenshot under <c>test-results/screenshots</c> at the repository root.</summary>
    public Task ScreenshotAsync(string name) => Screenshots.SaveAsync(Page, name);

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();
}
