using Spaces.Tokenizers;

namespace Spaces.Tests.Tokenizers;

/// <summary>Overflowing windows on cases computed by hand from HF tokenizers' <c>Encoding::truncate</c>.</summary>
public sealed class TokenWindowsTests
{
    [Theory]
    [InlineData(10, 4, 1, "0-4 3-7 6-10")]
    [InlineData(10, 4, 2, "0-4 2-6 4-8 6-10")]
    [InlineData(10, 4, 0, "0-4 4-8 8-10")]
    [InlineData(10, 4, 3, "0-4 1-5 2-6 3-7 4-8 5-9 6-10")]
    [InlineData(5, 4, 2, "0-4 2-5")]
    [InlineData(9, 4, 1, "0-4 3-7 6-9")]
    [InlineData(4, 4, 3, "0-4")]
    [InlineData(3, 4, 0, "0-3")]
    [InlineData(0, 4, 0, "0-0")]
    [InlineData(3, 1, 0, "0-1 1-2 2-3")]
    public void Plan_Right_MatchesHuggingFaceWindows(int length, int maxLength, int stride, string expected)
    {
        Assert.Equal(expected, Describe(TokenWindows.Plan(length, maxLength, stride)));
    }

    [Theory]
    [InlineData(10, 4, 1, "6-10 3-7 0-4")]
    [InlineData(10, 4, 2, "6-10 4-8 2-6 0-4")]
    [InlineData(10, 4, 0, "6-10 2-6 0-2")]
    [InlineData(5, 4, 2, "1-5 0-3")]
    [InlineData(4, 4, 0, "0-4")]
    public void Plan_Left_MatchesHuggingFaceWindows(int length, int maxLength, int stride, string expected)
    {
        Assert.Equal(expected, Describe(TokenWindows.Plan(length, maxLength, stride, TruncationDirection.Left)));
    }

    [Fact]
    public void Split_Ids_CopiesEachWindow()
    {
        int[] ids = [10, 11, 12, 13, 14, 15, 16];
        var windows = TokenWindows.Split(ids, 3, 1);
        Assert.Equal([[10, 11, 12], [12, 13, 14], [14, 15, 16]], windows);
    }

    [Fact]
    public void EncodeToWindows_Text_StepsByMaxLengthMinusStrideUntilTheEnd()
    {
        var text = ReferenceCorpus.RandomText(2_000, seed: 7);
        var ids = Gpt2Files.Tokenizer.Encode(text);
        var windows = Gpt2Files.Tokenizer.EncodeToWindows(text, 128, 32);
        Assert.True(windows.Count > 2, "the text should need several windows");
        for (var i = 0; i < windows.Count; i++)
        {
            Assert.Equal(ids.Skip(i * 96).Take(128), windows[i]);
        }
        Assert.True(96 * (windows.Count - 1) + windows[^1].Length == ids.Length, "the last window ends the text");
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(4, 4)]
    [InlineData(4, 5)]
    [InlineData(4, -1)]
    public void Plan_InvalidLengthOrStride_Throws(int maxLength, int stride)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenWindows.Plan(10, maxLength, stride));
    }

    private static string Describe(IReadOnlyList<TokenWindow> windows) => string.Join(" ", windows.Select(w => $"{w.Start}-{w.End}"));
}
