using System.Collections.Concurrent;
using Spaces.Grains.Abstractions.Datasets;
using Spaces.HuggingFace;
using Spaces.Silo.Blobs;
using Spaces.Silo.Jobs;
using Spaces.Tokenizers;

namespace Spaces.Silo.Datasets.Tokenization;

/// <summary>
/// Resolves a <c>tokenizer_name</c>, first match wins:
/// <list type="number">
/// <item>a tiktoken encoding name (<c>cl100k_base</c>, <c>o200k_base</c>, <c>r50k_base</c>): Microsoft.ML.Tokenizers, offline;</item>
/// <item>else a Hub model repo (<c>gpt2</c>, <c>meta-llama/Meta-Llama-3-8B</c>): its <c>tokenizer.json</c> (BPE through
/// Spaces.Tokenizers, WordPiece through ML.Tokenizers; another model type falls to the next file, or fails
/// "… is not supported"), then <c>tokenizer.model</c> (SentencePiece), then <c>vocab.json</c> + <c>merges.txt</c>
/// (GPT-2 byte-level BPE), then <c>vocab.txt</c> (BERT WordPiece).</item>
/// </list>
/// Files are fetched once, kept in the blob store for later runs, and the tokenizer in memory for this one.
/// </summary>
public sealed class TokenizerSource(HubClient hub, IBlobStore blobs)
{
    private const string EndOfText = "<|endoftext|>";
    private readonly ConcurrentDictionary<string, Lazy<Task<ITextTokenizer>>> _loaded = new(StringComparer.Ordinal);

    public async Task<ITextTokenizer> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var lazy = _loaded.GetOrAdd(name, n => new Lazy<Task<ITextTokenizer>>(() => LoadUncachedAsync(n, CancellationToken.None)));
        try
        {
            return await lazy.Value.WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _loaded.TryRemove(name, out _); // a failure is not cached: the user may fix the name or the Hub may recover
            throw;
        }
    }

    private async Task<ITextTokenizer> LoadUncachedAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            if (MlTokenizer.TiktokenEncodings.Contains(name))
            {
                return MlTokenizer.Tiktoken(name);
            }
            return await LoadFromRepoAsync(name, cancellationToken)
                ?? throw new TokenizerFormatException(
                    "the model repo has none of tokenizer.json, tokenizer.model, vocab.json + merges.txt, vocab.txt");
        }
        catch (Exception e) when (e is HuggingFaceException or TokenizerFormatException)
        {
            throw new JobFailedException(DatasetMessages.TokenizerFailed(name, e.Message), e);
        }
    }

    private async Task<ITextTokenizer?> LoadFromRepoAsync(string name, CancellationToken cancellationToken)
    {
        string? unsupported = null;
        using (var json = await FetchAsync(name, "tokenizer.json", optional: true, cancellationToken))
        {
            if (json is not null)
            {
                using var document = TokenizerJson.Parse(json);
                var type = TokenizerJson.ModelType(document.RootElement);
                switch (type)
                {
                    case "BPE":
                        return BpeTokenizer.FromTokenizerJson(document.RootElement);
                    case "WordPiece":
                        return MlTokenizer.WordPiece(document.RootElement);
                    default:
                        unsupported = $"tokenizer.json: model.type \"{type}\" is not supported (BPE and WordPiece are) and the repo has no tokenizer.model";
                        break;
                }
            }
        }
        using (var model = await FetchAsync(name, "tokenizer.model", optional: true, cancellationToken))
        {
            if (model is not null)
            {
                return MlTokenizer.SentencePiece(model);
            }
        }
        if (unsupported is not null)
        {
            throw new TokenizerFormatException(unsupported);
        }
        using (var vocab = await FetchAsync(name, "vocab.json", optional: true, cancellationToken))
        {
            if (vocab is not null)
            {
                using var merges = await FetchAsync(name, "merges.txt", optional: false, cancellationToken);
                return BpeTokenizer.FromVocabAndMerges(vocab, merges!, [EndOfText]);
            }
        }
        using var wordPieces = await FetchAsync(name, "vocab.txt", optional: true, cancellationToken);
        return wordPieces is null ? null : MlTokenizer.Bert(wordPieces);
    }

    /// <summary>The file from the blob cache, else from the Hub (then cached); null when optional and the repo lacks it.</summary>
    private async Task<MemoryStream?> FetchAsync(string name, string file, bool optional, CancellationToken cancellationToken)
    {
        var blob = BlobNames.Join("tokenizers", name.Replace("/", "--", StringComparison.Ordinal), file);
        var content = new MemoryStream();
        await using (var cached = await blobs.OpenReadAsync(blob, cancellationToken))
        {
            if (cached is not null)
            {
                await cached.CopyToAsync(content, cancellationToken);
                content.Position = 0;
                return content;
            }
        }
        try
        {
            await hub.DownloadAsync(HubFile.Model(name, file), content, progress: null, cancellationToken);
        }
        catch (HuggingFaceException e) when (optional && e.Kind == HuggingFaceErrorKind.EntryNotFound)
        {
            return null;
        }
        content.Position = 0;
        await blobs.PutAsync(blob, content, cancellationToken);
        content.Position = 0;
        return content;
    }
}
