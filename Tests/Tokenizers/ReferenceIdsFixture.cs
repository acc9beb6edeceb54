using System.Text.Json;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Tokenizers;

/// <summary>Runs <c>Tests/js/tokenizer-encode.mjs</c> once over the whole corpus: ids from tiktoken and gpt-3-encoder under Node.</summary>
public sealed class ReferenceIdsFixture : IAsyncLifetime
{
    private Dictionary<string, int[]> _tiktoken = [];
    private Dictionary<string, int[]> _tiktokenSpecial = [];
    private Dictionary<string, int[]> _gpt3Encoder = [];

    public int[] Tiktoken(string name) => _tiktoken[name];

    public int[] TiktokenAllowingSpecial(string name) => _tiktokenSpecial[name];

    public int[] Gpt3Encoder(string name) => _gpt3Encoder[name];

    public async Task InitializeAsync()
    {
        var names = ReferenceCorpus.Cases.Keys.ToArray();
        var input = Path.Combine(Path.GetTempPath(), $"tokenizer-corpus-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(names.Select(n => ReferenceCorpus.Cases[n])));
        try
        {
            var stdout = await ExternalProcess.RunNodeScriptAsync("tokenizer-encode.mjs", [input], "tiktoken and gpt-3-encoder to encode the corpus");
            using var output = JsonDocument.Parse(stdout);
            _tiktoken = Read(output.RootElement.GetProperty("tiktoken"), names);
            _tiktokenSpecial = Read(output.RootElement.GetProperty("tiktokenSpecial"), names);
            _gpt3Encoder = Read(output.RootElement.GetProperty("gpt3Encoder"), names);
        }
        finally
        {
            File.Delete(input);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private static Dictionary<string, int[]> Read(JsonElement lists, string[] names)
    {
        var result = new Dictionary<string, int[]>();
        var i = 0;
        foreach (var list in lists.EnumerateArray())
        {
            result[names[i++]] = [.. list.EnumerateArray().Select(id => id.GetInt32())];
        }
        return result;
    }
}
