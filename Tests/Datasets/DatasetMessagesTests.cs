using System.Reflection;
using Spaces.Grains.Abstractions.Datasets;

namespace Spaces.Tests.Datasets;

public sealed class DatasetMessagesTests
{
    /// <summary>Every message the jobs can send, built by its factory with sample arguments (a new factory is covered without listing it here).</summary>
    public static TheoryData<string> Factories() => [.. FactoryNames];

    private static IEnumerable<string> FactoryNames => typeof(DatasetMessages).GetMembers(BindingFlags.Public | BindingFlags.Static)
        .Where(m => m is PropertyInfo || (m is MethodInfo method && !method.IsSpecialName))
        .Select(m => m.Name);

    [Theory]
    [MemberData(nameof(Factories))]
    public void EveryMessage_ThePortalsEnglishForItsKey_IsItsText_AndChineseHasItsOwnWords(string factory)
    {
        var message = Build(factory);

        Assert.Equal(message.Text, DatasetMessageAssert.Render(message.Key, message.Args, "en"));
        var chinese = DatasetMessageAssert.Render(message.Key, message.Args, "zh-CN");
        Assert.False(string.IsNullOrEmpty(chinese), $"no Chinese for {message.Key}");
        if (message.Key != "import.invalid_split") // the split parser's own words, in every language
        {
            Assert.NotEqual(message.Text, chinese);
        }
    }

    [Fact]
    public void Keys_AreDistinct_AndNumbersTravelAsNumbers()
    {
        var messages = FactoryNames.Select(Build).ToList();

        Assert.Equal(messages.Count, messages.Select(m => m.Key).Distinct().Count());
        var rows = DatasetMessages.TokenizingRows(25_000, 50_000);
        Assert.Equal(("Tokenizing... 25,000/50,000 samples", """{"done":25000,"total":50000}"""), (rows.Text, rows.Args.GetRawText()));
        Assert.Equal("正在分词… 25,000/50,000 个样本", DatasetMessageAssert.Render(rows.Key, rows.Args, "zh-CN"));
    }

    private static DatasetMessage Build(string factory)
    {
        var member = typeof(DatasetMessages).GetMember(factory, BindingFlags.Public | BindingFlags.Static).Single();
        return member switch
        {
            PropertyInfo property => (DatasetMessage)property.GetValue(null)!,
            MethodInfo method => (DatasetMessage)method.Invoke(null, [.. method.GetParameters().Select(Sample)])!,
            _ => throw new InvalidOperationException($"{factory} is not a message factory"),
        };
    }

    private static object Sample(ParameterInfo parameter) => parameter.ParameterType switch
    {
        var t when t == typeof(string) => $"sample-{parameter.Name}",
        var t when t == typeof(long) => 12_345_678L,
        var t when t == typeof(int) => 3,
        var t => throw new InvalidOperationException($"No sample for a {t.Name} parameter ({parameter.Name})"),
    };
}
