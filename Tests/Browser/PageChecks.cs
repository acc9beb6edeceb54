using Microsoft.Playwright;

namespace Spaces.Tests.Browser;

/// <summary>Checks every portal page should pass: labelled controls, and no sideways scrolling on a phone.</summary>
public static class PageChecks
{
    /// <summary>Every visible input, select, textarea and button has an accessible name.</summary>
    public static async Task AssertEveryControlLabelledAsync(IPage page)
    {
        var unlabelled = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('input:not([type=hidden]), select, textarea, button')]
              .filter(el => el.offsetParent !== null || el.getClientRects().length > 0)
              .filter(el => !(el.labels && el.labels.length > 0)
                && !el.getAttribute('aria-label')
                && !el.getAttribute('aria-labelledby')
                && !(el.tagName === 'BUTTON' && el.textContent.trim().length > 0))
              .map(el => el.outerHTML.slice(0, 120))
            """);
        Assert.True(unlabelled.Length == 0, $"Controls without a label on {page.Url}: {string.Join(" | ", unlabelled)}");
    }

    /// <summary>The page is no wider than the window (checked at phone width, 375 px).</summary>
    public static async Task AssertNoSidewaysScrollAsync(IPage page)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 0, $"{page.Url} is {overflow}px wider than the window");
    }
}
