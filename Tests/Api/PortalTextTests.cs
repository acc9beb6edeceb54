using Spaces.Api.Portal.Text;

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
}
