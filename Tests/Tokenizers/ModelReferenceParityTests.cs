namespace Spaces.Tests.Tokenizers;

/// <summary>
/// Real Llama 3, Qwen 3, DeepSeek V3, Gemma 3 and Llama 2 style tokenizer.json files: ids identical to
/// @huggingface/tokenizers and to @lenml/tokenizers (a fork of transformers.js), with added tokens matched in the text as
/// Hugging Face does by default, with and without the post-processor's BOS/EOS.
/// </summary>
public sealed class ModelReferenceParityTests(ModelReferenceIdsFixture reference) : IClassFixture<ModelReferenceIdsFixture>
{
    [Theory]
    [MemberData(nameof(ModelReferenceCorpus.ModelCases), MemberType = typeof(ModelReferenceCorpus))]
    public void Encode_CorpusText_MatchesHuggingFaceTokenizersJs(string model, string name)
    {
        AssertMatches(model, "huggingface", name);
    }

    [Theory]
    [MemberData(nameof(ModelReferenceCorpus.ModelCases), MemberType = typeof(ModelReferenceCorpus))]
    public void Encode_CorpusText_MatchesLenmlTokenizers(string model, string name)
    {
        AssertMatches(model, "lenml", name);
    }

    private void AssertMatches(string model, string implementation, string name)
    {
        var tokenizer = ModelFiles.Tokenizer(model);
        var text = ModelReferenceCorpus.Cases[name];
        IdAssert.Same(
            reference.Ids(model, implementation, addSpecialTokens: false, name),
            tokenizer.Encode(text, allowSpecialTokens: true), $"{model} {name}");
        IdAssert.Same(
            reference.Ids(model, implementation, addSpecialTokens: true, name),
            tokenizer.Encode(text, allowSpecialTokens: true, addSpecialTokens: true), $"{model} {name} with the post-processor's tokens");
    }
}
