using System.Text;
using Spaces.Tokenizers;
using Spaces.Tokenizers.Pipeline;

namespace Spaces.Tests.Tokenizers;

/// <summary>The pipeline's parts on their own: Split behaviours, code-point regexes, Metaspace, and which added tokens match when.</summary>
public sealed class TokenizerPipelineTests
{
    /// <summary>The examples of HF tokenizers' documentation for <c>SplitDelimiterBehavior</c>.</summary>
    [Theory]
    [InlineData("Removed", "the|final|countdown")]
    [InlineData("Isolated", "the|-|final|-|-|countdown")]
    [InlineData("MergedWithPrevious", "the-|final-|-|countdown")]
    [InlineData("MergedWithNext", "the|-final|-|-countdown")]
    [InlineData("Contiguous", "the|-|final|--|countdown")]
    public void Split_DelimiterBehaviour_GivesHuggingFacesPieces(string behavior, string expected)
    {
        var split = new SplitPreTokenizer(OnigurumaPattern.Compile("-"), Enum.Parse<SplitBehavior>(behavior), invert: false);
        Assert.Equal(expected, string.Join('|', Pieces(split, "the-final--countdown")));
    }

    [Fact]
    public void Split_Inverted_KeepsTheMatchesAsPieces()
    {
        var split = new SplitPreTokenizer(OnigurumaPattern.Compile("\\p{L}+"), SplitBehavior.Removed, invert: true);
        Assert.Equal(["ab", "cd"], Pieces(split, "ab, cd!"));
    }

    [Theory]
    [InlineData("\\p{L}+", "a𠀀b 𝐀", "a𠀀b|𝐀")]
    [InlineData("\\p{N}{1,3}", "𝟏𝟐𝟑𝟒5", "𝟏𝟐𝟑|𝟒5")]
    [InlineData("[^\\s\\p{L}\\p{N}]+", "a😀🚀b𠀀", "😀🚀")]
    [InlineData("\\S+", "x𠀀 y", "x𠀀|y")]
    [InlineData("\\P{L}+", "ab12𠀀😀", "12|😀")]
    [InlineData(".", "𠀀", "𠀀")]
    [InlineData("[\\u4e00-\\u9fa5]+|[😀-🙏]+", "中文😀x", "中文|😀")]
    public void OnigurumaPattern_AstralCodePoints_MatchAsOneCharacter(string pattern, string text, string expected)
    {
        Assert.Equal(expected, string.Join('|', OnigurumaPattern.Compile(pattern).Matches(text).Select(m => m.Value)));
    }

    [Fact]
    public void Metaspace_FirstScheme_PrependsOnlyAtTheStartAndSplitsBeforeEachMark()
    {
        var normalizer = new MetaspaceNormalizer('▁', "first");
        var split = new SplitPreTokenizer(OnigurumaPattern.Compile("▁"), SplitBehavior.MergedWithNext, invert: false);
        Assert.Equal(["▁Hey", "▁friend!", "▁", "▁x"], Pieces(split, normalizer.Apply("Hey friend!  x", atStart: true)));
        Assert.Equal("after▁a▁token", normalizer.Apply("after a token", atStart: false));
    }

    [Fact]
    public void Encode_SpecialTokenText_IsOrdinaryUnlessAllowed()
    {
        var llama3 = ModelFiles.Tokenizer("llama3");
        Assert.True(llama3.TryGetId("<|begin_of_text|>", out var bos));
        Assert.Equal([bos], llama3.Encode("<|begin_of_text|>", allowSpecialTokens: true));
        var ordinary = llama3.Encode("<|begin_of_text|>");
        Assert.DoesNotContain(bos, ordinary);
        Assert.Equal("<|begin_of_text|>", llama3.Decode(ordinary));
    }

    [Fact]
    public void Encode_NonSpecialAddedToken_IsAlwaysMatched()
    {
        var gemma = ModelFiles.Tokenizer("gemma3");
        Assert.True(gemma.TryGetId("\n\n\n", out var newlines));
        Assert.Contains(newlines, gemma.Encode("a\n\n\nb"));
    }

    [Theory]
    [InlineData("llama3", "")]
    [InlineData("qwen3", "")]
    [InlineData("deepseek_v3", "")]
    [InlineData("gemma3", "<bos>")]
    [InlineData("llama2", "<s>")]
    public void Template_PostProcessor_AddsItsBeginningOfSequence(string model, string bos)
    {
        var tokenizer = ModelFiles.Tokenizer(model);
        Assert.Equal(bos, string.Concat(tokenizer.Template.Prefix.Select(id => tokenizer.GetToken(id))));
        Assert.Empty(tokenizer.Template.Suffix);
        Assert.Equal(tokenizer.Template.Prefix.Count + tokenizer.Encode("x").Length, tokenizer.Encode("x", addSpecialTokens: true).Length);
    }

    [Theory]
    [InlineData("gemma3", "café 日本語 😀 𠀀")]
    [InlineData("llama2", "café 日本語 😀 𠀀")]
    public void Decode_TextPieces_SpacesAndByteFallbackRoundTrip(string model, string text)
    {
        var tokenizer = ModelFiles.Tokenizer(model);
        var decoded = tokenizer.Decode(tokenizer.Encode(text));
        // Llama 2's normalizer prepends "▁", which decodes to a leading space (its decoder's Strip is not applied).
        Assert.Equal(model == "llama2" ? " " + text : text, decoded);
    }

    private static List<string> Pieces(PreTokenizer preTokenizer, string text)
    {
        var pieces = new List<Piece>();
        preTokenizer.Split(text, [new Piece(0, text.Length)], pieces);
        return [.. pieces.Select(p => text.Substring(p.Start, p.Length))];
    }

    [Fact]
    public void UnicodeNormalizer_Nfkc_FoldsCompatibilityCharacters()
    {
        Assert.Equal("abc", new UnicodeNormalizer(NormalizationForm.FormKC).Apply("abc", atStart: true));
        Assert.Equal("fi 1", new UnicodeNormalizer(NormalizationForm.FormKC).Apply("ﬁ ①", atStart: true));
    }
}
