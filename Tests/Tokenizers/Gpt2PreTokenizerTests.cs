using Spaces.Tokenizers;

namespace Spaces.Tests.Tokenizers;

/// <summary>The scanner's pieces against matches of GPT-2's regex worked out by hand (and in PROTOCOLS.md §4.2).</summary>
public sealed class Gpt2PreTokenizerTests
{
    [Theory]
    [InlineData(
        "Hello world!  It's   2024\n\nOK  ",
        new[] { "Hello", " world", "!", " ", " It", "'s", "  ", " 2024", "\n", "\n", "OK", "  " })]
    [InlineData("a𠀀b 𪚥x", new[] { "a𠀀b", " 𪚥x" })]
    [InlineData("DON'T it's they'll", new[] { "DON", "'", "T", " it", "'s", " they", "'ll" })]
    [InlineData("it’s", new[] { "it", "’", "s" })]
    [InlineData("!'s 's", new[] { "!'", "s", " '", "s" })]
    [InlineData("x\t\ty", new[] { "x", "\t", "\t", "y" })]
    [InlineData("x \ny", new[] { "x", " ", "\n", "y" })]
    [InlineData("x  \n", new[] { "x", "  \n" })]
    [InlineData("abc123 456def", new[] { "abc", "123", " 456", "def" })]
    [InlineData(" ", new[] { " " })]
    [InlineData("", new string[0])]
    public void Pieces_Text_FollowTheGpt2Regex(string text, string[] expected)
    {
        Assert.Equal(expected, Pieces(text));
    }

    [Fact]
    public void Pieces_LoneSurrogate_IsAPieceOfItsOwnKind()
    {
        Assert.Equal(["a", "\ud800", " b"], Pieces("a\ud800 b"));
    }

    private static List<string> Pieces(string text)
    {
        var pieces = new List<string>();
        var scanner = new Gpt2PreTokenizer(text);
        while (scanner.TryNext(out var start, out var length))
        {
            pieces.Add(text.Substring(start, length));
        }
        return pieces;
    }
}
