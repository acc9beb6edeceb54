using Microsoft.Playwright;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright, and one host for the portal tests. Chromium is never downloaded:
/// <c>scripts/test.sh</c> installs the <c>chromium</c> package, and a missing browser fails the tests saying so.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string Collection = "Browser";

    /// <summary>Where Debian puts Chromium; <c>SPACES_CHROMIUM</c> overrides it.</summary>
    public static string ChromiumPath => Environment.GetEnvironmentVariable("SPACES_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private SpacesHost? _host;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Chromium has not started");

    public SpacesHost Host => _host ?? throw new InvalidOperationException("The host has not started");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is missing at {ChromiumPath}: install the Debian package 'chromium' (scripts/test.sh does) or set SPACES_CHROMIUM");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
        _host = await SpacesHost.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

[CollectionDefinition(BrowserFixture.Collection)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>;
