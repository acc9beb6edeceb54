using System.Text.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Tokenizers;

/// <summary>
/// Runs <c>Tests/js/tokenizer-models-encode.mjs</c> once: the ids of every model on the whole corpus from
/// <c>@huggingface/tokenizers</c> and <c>@lenml/tokenizers</c>, with and without the post-processor's tokens.
/// </summary>
public sealed class ModelReferenceIdsFixture : IAsyncLifetime
{
    private readonly Dictionary<(string Model, string Implementation, bool Special, string Name), int[]> _ids = [];

    /// <param name="implementation"><c>huggingface</c> or <c>lenml</c>.</param>
    public int[] Ids(string model, string implementation, bool addSpecialTokens, string name) =>
        _ids[(model, implementation, addSpecialTokens, name)];

    public async Task InitializeAsync()
    {
        var names = ModelReferenceCorpus.Cases.Keys.ToArray();
        var input = Path.Combine(Path.GetTempPath(), $"tokenizer-models-corpus-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(new
        {
            models = ModelFiles.Models,
            texts = names.Select(n => ModelReferenceCorpus.Cases[n]),
        }));
        try
        {
            var stdout = await ExternalProcess.RunNodeScriptAsync(
                "tokenizer-models-encode.mjs", [input], "@huggingface/tokenizers and @lenml/tokenizers to encode the corpus",
                TimeSpan.FromMinutes(5));
            using var output = JsonDocument.Parse(stdout);
            foreach (var model in ModelFiles.Models)
            {
                foreach (var implementation in new[] { "huggingface", "lenml" })
                {
                    var lists = output.RootElement.GetProperty(model).GetProperty(implementation);
                    Read(lists.GetProperty("plain"), model, implementation, special: false, names);
                    Read(lists.GetProperty("special"), model, implementation, special: true, names);
                }
            }
        }
        finally
        {
            File.Delete(input);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private void Read(JsonElement lists, string model, string implementation, bool special, string[] names)
    {
        var i = 0;
        foreach (var list in lists.EnumerateArray())
        {
            _ids[(model, implementation, special, names[i++])] = [.. list.EnumerateArray().Select(id => id.GetInt32())];
        }
    }
}
