using Microsoft.Playwright;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Browser;

/// <summary>Every page the tests visit is saved as a picture, for people reviewing a run (CI keeps the folder).</summary>
public static class Screenshots
{
    public static string Folder { get; } = RepoPaths.Of("test-results", "screenshots");

    public static async Task SaveAsync(IPage page, string name)
    {
        Directory.CreateDirectory(Folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Folder, name + ".png"), FullPage = true });
    }
}
