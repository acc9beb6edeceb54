using System.Text;
using Spaces.Tokenizers;

namespace Spaces.Tests.Tokenizers;

/// <summary>Malformed or unsupported files fail with a message that names the file and what is wrong.</summary>
public sealed class TokenizerLoaderErrorTests
{
    private static readonly string ByteVocab = "{" + string.Join(",", Enumerable.Range(0, 256).Select(b => $"\"\\u{ByteChar(b):X4}\":{b}"));

    [Theory]
    [InlineData("not json", "tokenizer.json is not valid JSON")]
    [InlineData("[]", "not an object")]
    [InlineData("{}", "no \"model\" object")]
    [InlineData("{\"model\":{\"type\":\"WordPiece\"}}", "model.type \"WordPiece\" is not supported")]
    [InlineData("{\"pre_tokenizer\":{\"type\":\"Whitespace\"},\"model\":{\"type\":\"BPE\"}}", "pre_tokenizer Whitespace is not supported")]
    [InlineData("{\"normalizer\":{\"type\":\"BertNormalizer\"},\"model\":{}}", "normalizer BertNormalizer is not supported")]
    [InlineData(
        "{\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"\\\\p{L}++\"},\"behavior\":\"Isolated\"},\"model\":{}}",
        "the possessive quantifier \"++\" in /\\p{L}++/ is not supported")]
    [InlineData(
        "{\"pre_tokenizer\":{\"type\":\"Split\",\"pattern\":{\"Regex\":\"\\\\p{Han}\"},\"behavior\":\"Isolated\"},\"model\":{}}",
        "\\p{Han} is not supported")]
    [InlineData(
        "{\"added_tokens\":[{\"id\":0,\"content\":\"a\",\"special\":false,\"lstrip\":true}],\"model\":{\"vocab\":{\"a\":0},\"merges\":[]}}",
        "added_tokens[0] \"a\" is not special and has lstrip, rstrip or single_word; that is not supported")]
    [InlineData("{\"post_processor\":{\"type\":\"Unknown\"},\"model\":{\"vocab\":{\"a\":0},\"merges\":[]}}", "post_processor Unknown is not supported")]
    [InlineData("{\"model\":{\"vocab\":{\"a\":0},\"merges\":[],\"unk_token\":\"<unk>\"}}", "the unk_token \"<unk>\" is not in the vocabulary")]
    [InlineData("{\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"merges\":[]}}", "model.vocab is missing")]
    [InlineData("{\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"vocab\":{\"a\":\"x\"},\"merges\":[]}}", "the id of \"a\"")]
    [InlineData("{\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"vocab\":{\"a\":0},\"merges\":[\"a\"]}}", "model.merges[0] \"a\"")]
    [InlineData(
        "{\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"vocab\":{\"a\":0},\"merges\":[[\"a\"]]}}", "model.merges[0] is [\"a\"]")]
    [InlineData("{\"pre_tokenizer\":{\"type\":\"ByteLevel\"},\"model\":{\"vocab\":{\"a\":0},\"merges\":[]}}", "no token for byte 0x00")]
    public void FromTokenizerJson_MalformedFile_ThrowsNamingTheFault(string json, string fault)
    {
        var error = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.FromTokenizerJson(Utf8(json)));
        Assert.Contains("tokenizer.json", error.Message);
        Assert.Contains(fault, error.Message);
    }

    [Fact]
    public void FromTokenizerJson_MergeOfUnknownToken_NamesTheMerge()
    {
        var json = $"{{\"pre_tokenizer\":{{\"type\":\"ByteLevel\"}},\"model\":{{\"vocab\":{ByteVocab}}},\"merges\":[\"a b\"]}}}}";
        var error = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.FromTokenizerJson(Utf8(json)));
        Assert.Contains("merge #1 \"a b\" uses token \"ab\", which is not in the vocabulary", error.Message);
    }

    [Fact]
    public void FromTokenizerJson_AddPrefixSpace_PrependsASpace()
    {
        var json = "{\"pre_tokenizer\":{\"type\":\"ByteLevel\",\"add_prefix_space\":true},"
            + $"\"model\":{{\"vocab\":{ByteVocab}}},\"merges\":[]}}}}";
        var tokenizer = BpeTokenizer.FromTokenizerJson(Utf8(json));
        Assert.Equal([ByteId(' '), ByteId('a')], tokenizer.Encode("a"));
        Assert.Equal([ByteId(' '), ByteId('a')], tokenizer.Encode(" a"));
    }

    [Theory]
    [InlineData("a b c", "merges.txt line 2: \"a b c\"")]
    [InlineData("ab", "merges.txt line 2: \"ab\"")]
    [InlineData("a  b", "merges.txt line 2")]
    public void FromVocabAndMerges_MalformedMergeLine_ThrowsNamingTheLine(string line, string fault)
    {
        var error = Assert.Throws<TokenizerFormatException>(
            () => BpeTokenizer.FromVocabAndMerges(Utf8(ByteVocab + "}"), Utf8($"#version: 0.2\n{line}\n")));
        Assert.Contains(fault, error.Message);
    }

    [Fact]
    public void FromVocabAndMerges_VocabNotJson_ThrowsNamingTheFile()
    {
        var error = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.FromVocabAndMerges(Utf8("{\"a\":"), Utf8("")));
        Assert.StartsWith("vocab.json is not valid JSON", error.Message);
    }

    [Fact]
    public void FromVocabAndMerges_UnknownSpecialToken_Throws()
    {
        var error = Assert.Throws<TokenizerFormatException>(
            () => BpeTokenizer.FromVocabAndMerges(Utf8(ByteVocab + "}"), Utf8("#version: 0.2\n"), ["<|endoftext|>"]));
        Assert.Contains("no token \"<|endoftext|>\"", error.Message);
    }

    [Fact]
    public void FromVocabAndMerges_HeaderlessMergesWithCrLf_Loads()
    {
        var vocab = ByteVocab + $",\"ab\":256}}";
        var tokenizer = BpeTokenizer.FromVocabAndMerges(Utf8(vocab), Utf8("a b\r\n\r\n"));
        Assert.Equal([256, ByteId('a')], tokenizer.Encode("aba"));
    }

    private static int ByteId(char c) => c;

    /// <summary>A toy vocabulary where each byte's id is the byte itself, spelled in GPT-2's byte-level alphabet.</summary>
    private static int ByteChar(int b) => b is >= 33 and <= 126 or >= 161 and <= 172 or >= 174 and <= 255
        ? b
        : 256 + Enumerable.Range(0, b).Count(x => !(x is >= 33 and <= 126 or >= 161 and <= 172 or >= 174 and <= 255));

    private static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
