using Spaces.Api.Portal.Text;

namespace Spaces.Tests.Portal;

public sealed class PortalTextTests
{
    private readonly PortalText _text = new();

    [Fact]
    public void EveryLanguage_HasEveryKey_AndNoOthers()
    {
        var english = _text.KeysOf("en").Order(StringComparer.Ordinal).ToList();
        var chinese = _text.KeysOf("zh-CN").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(english.Except(chinese), []);
        Assert.Equal(chinese.Except(english), []);
    }

    [Fact]
    public void PlaceholdersMatch_AcrossLanguages()
    {
        foreach (var key in _text.KeysOf("en"))
        {
            Assert.Equal(Placeholders(Text("en", key)), Placeholders(Text("zh-CN", key)));
        }
    }

    [Fact]
    public void TheSeedsWords_AreTheOnesShown()
    {
        Assert.Equal("✓ Connected", Text("en", "space.connected"));
        Assert.Equal("✗ Not connected", Text("en", "space.disconnected"));
        Assert.Equal("✓ 已连接", Text("zh-CN", "space.connected"));
        Assert.Equal("✗ 未连接", Text("zh-CN", "space.disconnected"));
    }

    private string Text(string culture, string key)
    {
        var previous = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        try
        {
            return _text[key];
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = previous;
        }
    }

    private static List<string> Placeholders(string text) =>
        System.Text.RegularExpressions.Regex.Matches(text, @"\{\w+\}").Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
}
