using System.Text;
using System.Text.Json;
using Spaces.Silo.Datasets.Tokenization;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Tokenizers;

/// <summary>
/// The families left to Microsoft.ML.Tokenizers: the tiktoken encodings by name (ids equal npm tiktoken's on the corpus)
/// and WordPiece from vocab.txt or tokenizer.json.
/// </summary>
public sealed class MlTokenizerTests
{
    [Theory]
    [InlineData("cl100k_base", 100_277)]
    [InlineData("o200k_base", 200_019)]
    [InlineData("r50k_base", 50_257)]
    public async Task Tiktoken_CorpusText_MatchesNpmTiktoken(string encoding, int vocabSize)
    {
        var names = ReferenceCorpus.Cases.Keys.ToArray();
        var input = Path.Combine(Path.GetTempPath(), $"tiktoken-corpus-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(names.Select(n => ReferenceCorpus.Cases[n])));
        JsonDocument output;
        try
        {
            output = JsonDocument.Parse(await ExternalProcess.RunNodeScriptAsync(
                "tiktoken-encodings-encode.mjs", [input], "npm tiktoken to encode the corpus"));
        }
        finally
        {
            File.Delete(input);
        }
        using (output)
        {
            var tokenizer = MlTokenizer.Tiktoken(encoding);
            Assert.Equal(vocabSize, tokenizer.VocabSize);
            var i = 0;
            foreach (var expected in output.RootElement.GetProperty(encoding).EnumerateArray())
            {
                var ids = new List<int>();
                tokenizer.Encode(ReferenceCorpus.Cases[names[i]], ids);
                IdAssert.Same([.. expected.EnumerateArray().Select(id => id.GetInt32())], [.. ids], $"{encoding} {names[i++]}");
            }
        }
    }

    [Fact]
    public void Bert_VocabTxtAndTokenizerJson_GiveTheSameWordPieces()
    {
        using var vocab = new MemoryStream(Encoding.UTF8.GetBytes(WordPieceFiles.VocabTxt));
        var fromVocab = MlTokenizer.Bert(vocab);
        using var json = JsonDocument.Parse(WordPieceFiles.TokenizerJson);
        var fromJson = MlTokenizer.WordPiece(json.RootElement);

        foreach (var tokenizer in new[] { fromVocab, fromJson })
        {
            var ids = new List<int>();
            tokenizer.Encode("Hello worlds, \"QUOTED\" words", ids, addSpecialTokens: true);
            Assert.Equal([2, 5, 6, 7, 8, 9, 10, 9, 11, 7, 3], ids);
            Assert.Equal(WordPieceFiles.Tokens.Length, tokenizer.VocabSize);
        }
    }

    [Fact]
    public void SentencePiece_TokenizerModel_MergesByScoreAndAddsTheBeginningOfSentence()
    {
        using var model = new MemoryStream(SentencePieceFiles.Model());
        var tokenizer = MlTokenizer.SentencePiece(model);
        var ids = new List<int>();

        tokenizer.Encode("hello wd x", ids, addSpecialTokens: true);

        int[] expected = [1, .. new[] { "▁hello", "▁", "w", "d", "▁" }.Select(SentencePieceFiles.IdOf), 0];
        Assert.Equal(expected, ids);
        Assert.Equal(3 + SentencePieceFiles.Pieces.Length, tokenizer.VocabSize);
    }
}
