using System.Text.Json;
using Spaces.Tokenizers.Pipeline;

namespace Spaces.Tests.Tokenizers;

/// <summary>The hand-written scanner for Llama 3's and Qwen's Split regex gives the pieces of the translated regex itself.</summary>
public sealed class Cl100kPreTokenizerTests
{
    [Theory]
    [InlineData("llama3")]
    [InlineData("qwen3")]
    public void For_TheModelsOwnPattern_IsRecognised(string model)
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(ModelFiles.File(model, "tokenizer.json")));
        var pattern = json.RootElement.GetProperty("pre_tokenizer").GetProperty("pretokenizers")[0].GetProperty("pattern").GetProperty("Regex").GetString()!;
        Assert.NotNull(Cl100kPreTokenizer.For(pattern));
    }

    [Theory]
    [InlineData(Cl100kPreTokenizer.Llama3Pattern)]
    [InlineData(Cl100kPreTokenizer.QwenPattern)]
    public void Split_CorpusText_GivesTheRegexPieces(string pattern)
    {
        var regex = new SplitPreTokenizer(OnigurumaPattern.Compile(pattern), SplitBehavior.Isolated, invert: false);
        var scanner = Cl100kPreTokenizer.For(pattern)!;
        var texts = ModelReferenceCorpus.Cases.Append(new("contractionsCased", "'S 'T 'Re 'VE 'M 'Ll 'D 'ſ x'sy \r\n\r\n \t\n a")).Append(new("crlf", "a\r\n\r\nb \r c\n\n"));
        foreach (var (name, text) in texts)
        {
            Assert.True(Pieces(regex, text).SequenceEqual(Pieces(scanner, text)), $"{name}: the scanner's pieces differ from the regex's");
        }
    }

    private static List<string> Pieces(PreTokenizer preTokenizer, string text)
    {
        var pieces = new List<Piece>();
        preTokenizer.Split(text, [new Piece(0, text.Length)], pieces);
        return [.. pieces.Select(p => text.Substring(p.Start, p.Length))];
    }
}
