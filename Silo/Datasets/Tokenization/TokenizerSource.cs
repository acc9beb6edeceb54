using System.Collections.Concurrent;
using Spaces.HuggingFace;
using Spaces.Silo.Blobs;
using Spaces.Silo.Jobs;
using Spaces.Tokenizers;

namespace Spaces.Silo.Datasets.Tokenization;

/// <summary>
/// Tokenizers by Hub model name (<c>gpt2</c>, <c>openai-community/gpt2</c>): <c>tokenizer.json</c>, or else
/// <c>vocab.json</c> + <c>merges.txt</c>, fetched once, kept in the blob store for later runs and in memory for this one.
/// </summary>
public sealed class TokenizerSource(HubClient hub, IBlobStore blobs)
{
    private const string EndOfText = "<|endoftext|>";
    private readonly ConcurrentDictionary<string, Lazy<Task<BpeTokenizer>>> _loaded = new(StringComparer.Ordinal);

    public async Task<BpeTokenizer> LoadAsync(string name, CancellationToken cancellationToken)
    {
        var lazy = _loaded.GetOrAdd(name, n => new Lazy<Task<BpeTokenizer>>(() => LoadUncachedAsync(n, CancellationToken.None)));
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

    private async Task<BpeTokenizer> LoadUncachedAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            if (await FetchAsync(name, "tokenizer.json", optional: true, cancellationToken) is { } json)
            {
                return BpeTokenizer.FromTokenizerJson(json);
            }
            using var vocab = await FetchAsync(name, "vocab.json", optional: false, cancellationToken);
            using var merges = await FetchAsync(name, "merges.txt", optional: false, cancellationToken);
            return BpeTokenizer.FromVocabAndMerges(vocab!, merges!, [EndOfText]);
        }
        catch (HuggingFaceException e)
        {
            throw new JobFailedException($"Failed to load tokenizer {name}: {e.Message}", e);
        }
        catch (TokenizerFormatException e)
        {
            throw new JobFailedException($"Failed to load tokenizer {name}: {e.Message}", e);
        }
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
