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
        var jsFolder = RepoPaths.Of("Tests", "js");
        foreach (var package in new[] { "tiktoken", "gpt-3-encoder" })
        {
            if (!Directory.Exists(Path.Combine(jsFolder, "node_modules", package)))
            {
                throw new InvalidOperationException($"The npm package {package} is missing: run npm ci in Tests/js ({jsFolder})");
            }
        }
        var names = ReferenceCorpus.Cases.Keys.ToArray();
        var input = Path.Combine(Path.GetTempPath(), $"tokenizer-corpus-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(input, JsonSerializer.Serialize(names.Select(n => ReferenceCorpus.Cases[n])));
        try
        {
            var run = await ExternalProcess.RunAsync(
                "node", [Path.Combine(jsFolder, "tokenizer-encode.mjs"), input], "tiktoken and gpt-3-encoder to encode the corpus",
                TimeSpan.FromSeconds(60), jsFolder);
            if (run.ExitCode != 0)
            {
                throw new InvalidOperationException($"tokenizer-encode.mjs exited {run.ExitCode}: {run.Stderr}");
            }
            using var output = JsonDocument.Parse(run.Stdout);
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
