using System.Globalization;
using Spaces.Api.Auth;
using Spaces.Api.Portal.Text;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Tests.Api;

public sealed class PortalTextTests
{
    [Fact]
    public void PortalText_EveryCulture_HasExactlyTheEnglishKeys()
    {
        var text = new PortalText();
        var english = text.KeysOf(PortalText.DefaultCulture).ToHashSet();

        foreach (var culture in PortalText.Cultures)
        {
            var keys = text.KeysOf(culture).ToHashSet();
            Assert.True(keys.SetEquals(english),
                $"{culture} lacks [{string.Join(", ", english.Except(keys))}] and has extra [{string.Join(", ", keys.Except(english))}]");
        }
    }

    [Fact]
    public void PortalText_EveryErrorCodeAndPasswordRule_HasWordsInEnglishAndChinese()
    {
        var text = new PortalText();
        string[] keys = [.. Enum.GetNames<ErrorCode>().Select(c => $"error.{c}"), .. PasswordRules.Reasons.Select(r => $"error.{nameof(ErrorCode.InvalidInput)}.{r}")];

        foreach (var culture in PortalText.Cultures)
        {
            var own = text.KeysOf(culture).ToHashSet();
            Assert.True(keys.All(own.Contains), $"{culture} has no words for [{string.Join(", ", keys.Where(k => !own.Contains(k)))}]");
        }
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");
            var notChinese = keys.Where(k => !text[k].Any(c => c is >= '\u4e00' and <= '\u9fff')).ToList();
            Assert.True(notChinese.Count == 0, $"zh-CN words without Chinese: [{string.Join(", ", notChinese)}]");
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Theory]
    [InlineData("en", "PasswordLength", "A password has 8 to 256 characters")]
    [InlineData("zh-CN", "PasswordLength", "密码长度须为 8 到 256 个字符")]
    [InlineData("zh-CN", null, "输入有误：Bad {thing}")]
    public void ProblemMessage_FillsTheRulesWords_WithTheDetailAndArguments(string culture, string? reason, string expected)
    {
        var text = new PortalText();
        var refusal = new SpacesException(ErrorCode.InvalidInput, "Bad {thing}") { Reason = reason, ReasonArgs = ["8", "256"] };
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(culture);
            Assert.Equal(expected, text.Message(refusal));
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}
