using System.Globalization;
using System.Text.Json;
using Spaces.Api.Portal.Text;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Datasets;

/// <summary>Checks that a dataset event's key and arguments say what its English message says, in the portal's words.</summary>
public static class DatasetMessageAssert
{
    private static readonly PortalText Text = new();

    /// <summary>The portal's string for the key, filled from the arguments, in <paramref name="culture"/>.</summary>
    public static string? Render(string key, JsonElement args, string culture)
    {
        var (ui, formats) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo(culture);
        try
        {
            return Text.TryFormat($"dataset.msg.{key}", args);
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, formats);
        }
    }

    /// <summary>Every event has a key and an arguments object; in English they make its message, byte for byte, and Chinese has words for them.</summary>
    public static void KeysRenderTheMessages(IEnumerable<FollowedEvent> events)
    {
        foreach (var e in events)
        {
            var key = e.Data.GetProperty("key").GetString()!;
            var args = e.Data.GetProperty("args");
            Assert.Equal(JsonValueKind.Object, args.ValueKind);
            Assert.Equal(e.Data.GetProperty("message").GetString(), Render(key, args, "en"));
            Assert.False(string.IsNullOrEmpty(Render(key, args, "zh-CN")), $"no Chinese for {key}");
        }
    }

    public static List<string> Keys(IEnumerable<FollowedEvent> events) => [.. events.Select(e => e.Data.GetProperty("key").GetString()!)];
}
