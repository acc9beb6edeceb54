using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.Silo.Datasets;
using Spaces.Tests.Infrastructure;
using Spaces.Tests.Tokenizers;

namespace Spaces.Tests.Datasets;

/// <summary>
/// Import + tokenize through REST against the fake Hub, with real model tokenizers served as model repos: the totals equal
/// those of @huggingface/tokenizers (which adds the post-processor's BOS, as the pipeline does), and the look-up order
/// and its failures are the documented ones.
/// </summary>
public sealed class ModelTokenizerPipelineTests(DatasetHostFixture fixture) : IClassFixture<DatasetHostFixture>
{
    private static readonly string[] Rows = [.. Enumerable.Range(0, 40).Select(i => i switch
    {
        0 => "",
        1 => "   leading and trailing   \n\n\n",
        2 => "日本語のテキストと中文文本，한국어 텍스트도. 𠀀𪚥 😀👨‍👩‍👧 1234567 café",
        _ => ReferenceCorpus.RandomText(1500 + (37 * i), seed: i).Replace("<|endoftext|>", "", StringComparison.Ordinal),
    })];

    private SpacesHost Host => fixture.Host;

    [Theory]
    [InlineData("llama3", "acme-models/llama-3")]
    [InlineData("gemma3", "acme-models/gemma-3")]
    public async Task ImportThenTokenize_RealModelTokenizer_TotalsEqualTheReference(string model, string repo)
    {
        fixture.Hub.AddModelFile(repo, "tokenizer.json", await File.ReadAllBytesAsync(ModelFiles.File(model, "tokenizer.json")));
        var dataset = $"acme/mixed-{model}-{Guid.NewGuid():N}";
        fixture.Hub.AddDatasetFile(dataset, "train.jsonl", JsonLines(Rows));
        var expected = await ReferenceLengthsAsync(model);
        using var user = await ApiClient.NewUserAsync(Host);
        var imported = await user.SettledDatasetAsync((await user.ImportDatasetAsync(dataset, "train")).Id, "the mixed-script import");
        Assert.Equal((DatasetStatuses.Ready, (long)Rows.Length), (imported.Status, imported.NumSamples!.Value));

        await TokenizeAsync(user, imported.Id, repo, 256, 32);
        var tokenized = await user.SettledDatasetAsync(imported.Id, $"tokenizing with {repo}");

        Assert.True(tokenized.Status == DatasetStatuses.Ready, tokenized.Error);
        var statistics = tokenized.Tokenization!.Statistics!.Value;
        Assert.Equal(expected.Sum(), statistics.GetProperty("total_tokens").GetInt64());
        Assert.Equal((expected.Min(), expected.Max()), (statistics.GetProperty("min_length").GetInt32(), statistics.GetProperty("max_length").GetInt32()));
        Assert.Equal(Rows.Length, statistics.GetProperty("num_samples").GetInt64());
    }

    [Fact]
    public async Task Tokenize_TiktokenEncodingName_LoadsOfflineWithoutTheHub()
    {
        using var user = await ApiClient.NewUserAsync(Host);
        var imported = await user.SettledDatasetAsync((await user.ImportDatasetAsync(DatasetHostFixture.CsvSet, "train")).Id, "the CSV import");

        await TokenizeAsync(user, imported.Id, "cl100k_base", 64, 0);
        var tokenized = await user.SettledDatasetAsync(imported.Id, "tokenizing with cl100k_base");

        Assert.True(tokenized.Status == DatasetStatuses.Ready, tokenized.Error);
        // "hello, world" and "a \"quoted\" word" in cl100k_base: [15339, 11, 1917] and [64, 330, 64825, 1, 3492] (npm tiktoken).
        Assert.Equal(8, tokenized.Tokenization!.Statistics!.Value.GetProperty("total_tokens").GetInt64());
        Assert.DoesNotContain(fixture.Hub.Requests, r => r.RawTarget.Contains("cl100k_base", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Tokenize_RepoWithOnlyVocabTxt_UsesBertWordPiece()
    {
        var repo = $"acme-models/bert-{Guid.NewGuid():N}";
        fixture.Hub.AddModelFile(repo, "vocab.txt", Encoding.UTF8.GetBytes(WordPieceFiles.VocabTxt));
        using var user = await ApiClient.NewUserAsync(Host);
        var imported = await user.SettledDatasetAsync((await user.ImportDatasetAsync(DatasetHostFixture.CsvSet, "train")).Id, "the CSV import");

        await TokenizeAsync(user, imported.Id, repo, 64, 0);
        var tokenized = await user.SettledDatasetAsync(imported.Id, $"tokenizing with {repo}");

        Assert.True(tokenized.Status == DatasetStatuses.Ready, tokenized.Error);
        // [CLS] hello , world [SEP] and [CLS] a " quoted " word [SEP] ("a" is [UNK]).
        Assert.Equal(5 + 7, tokenized.Tokenization!.Statistics!.Value.GetProperty("total_tokens").GetInt64());
    }

    [Fact]
    public async Task Tokenize_UnigramTokenizerJsonWithoutTokenizerModel_FailsSayingWhatIsNotSupported()
    {
        var repo = $"acme-models/t5-{Guid.NewGuid():N}";
        fixture.Hub.AddModelFile(repo, "tokenizer.json", Encoding.UTF8.GetBytes("{\"model\":{\"type\":\"Unigram\",\"vocab\":[[\"a\",-1.0]]}}"));
        using var user = await ApiClient.NewUserAsync(Host);
        var imported = await user.SettledDatasetAsync((await user.ImportDatasetAsync(DatasetHostFixture.CsvSet, "train")).Id, "the CSV import");

        await TokenizeAsync(user, imported.Id, repo, 64, 0);
        var failed = await user.SettledDatasetAsync(imported.Id, $"tokenizing with {repo}");

        Assert.Equal(DatasetStatuses.Error, failed.Status);
        Assert.Equal(
            $"Failed to load tokenizer {repo}: tokenizer.json: model.type \"Unigram\" is not supported (BPE and WordPiece are) and the repo has no tokenizer.model",
            failed.Error);
    }

    [Fact]
    public async Task Tokenize_UnigramTokenizerJsonBesideTokenizerModel_FallsThroughToSentencePiece()
    {
        var repo = $"acme-models/sp-{Guid.NewGuid():N}";
        fixture.Hub.AddModelFile(repo, "tokenizer.json", Encoding.UTF8.GetBytes("{\"model\":{\"type\":\"Unigram\",\"vocab\":[[\"a\",-1.0]]}}"));
        fixture.Hub.AddModelFile(repo, "tokenizer.model", SentencePieceFiles.Model());
        var dataset = $"acme/hello-{Guid.NewGuid():N}";
        fixture.Hub.AddDatasetFile(dataset, "train.jsonl", JsonLines(["hello wd", "hello", "wd hello"]));
        using var user = await ApiClient.NewUserAsync(Host);
        var imported = await user.SettledDatasetAsync((await user.ImportDatasetAsync(dataset, "train")).Id, "the hello import");

        await TokenizeAsync(user, imported.Id, repo, 64, 0);
        var tokenized = await user.SettledDatasetAsync(imported.Id, $"tokenizing with {repo}");

        Assert.True(tokenized.Status == DatasetStatuses.Ready, tokenized.Error);
        // <s> ▁hello ▁ w d, <s> ▁hello, <s> ▁ w d ▁hello: the BOS of SentencePiece is counted.
        Assert.Equal(5 + 2 + 5, tokenized.Tokenization!.Statistics!.Value.GetProperty("total_tokens").GetInt64());
    }

    private static async Task TokenizeAsync(ApiClient user, string id, string tokenizer, int maxLength, int stride)
    {
        var response = await user.Http.PostAsJsonAsync($"/api/datasets/{id}/tokenize", new { tokenizer_name = tokenizer, max_length = maxLength, stride });
        await ApiClient.ReadAsync<DatasetView>(response, HttpStatusCode.Accepted);
    }

    /// <summary>Each row's length from @huggingface/tokenizers with the post-processor's tokens.</summary>
    private static async Task<int[]> ReferenceLengthsAsync(string model)
    {
        var input = Path.Combine(Path.GetTempPath(), $"tokenizer-rows-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(new { models = new[] { model }, texts = Rows }));
        try
        {
            var stdout = await ExternalProcess.RunNodeScriptAsync(
                "tokenizer-models-encode.mjs", [input], $"@huggingface/tokenizers to encode the rows with {model}", TimeSpan.FromMinutes(3));
            using var output = JsonDocument.Parse(stdout);
            return [.. output.RootElement.GetProperty(model).GetProperty("huggingface").GetProperty("special").EnumerateArray()
                .Select(ids => ids.GetArrayLength())];
        }
        finally
        {
            File.Delete(input);
        }
    }

    private static byte[] JsonLines(IEnumerable<string> texts) =>
        Encoding.UTF8.GetBytes(string.Concat(texts.Select(t => $"{{\"text\":{JsonSerializer.Serialize(t)}}}\n")));
}
