using System.Collections;
using System.Text.Json;

namespace Spaces.Silo.Datasets.Tokenization;

/// <summary>What the Statistics tab shows. Lengths are in tokens, per sample, before truncation.</summary>
public sealed record TokenStatisticsReport(
    long NumSamples,
    long TotalTokens,
    int MinLength,
    int MaxLength,
    double MeanLength,
    double MedianLength,
    long UniqueTokens,
    long TruncatedSamples,
    long Sequences,
    IReadOnlyList<HistogramBin> LengthHistogram);

public sealed record HistogramBin(int Start, int End, long Count);

/// <summary>
/// Accumulates statistics in memory bounded by the number of distinct lengths and the vocabulary, not by the dataset:
/// lengths are counted per value, so the median is exact without keeping every sample. <see cref="Save"/> and
/// <see cref="Load"/> carry the running counts across a restart of the job, so a resumed run's statistics stay exact.
/// </summary>
public sealed class TokenStatistics(int vocabularySize, int maxLength)
{
    private const int HistogramBins = 20;
    private readonly SortedDictionary<int, long> _lengths = [];
    private readonly BitArray _seen = new(vocabularySize);
    private long _samples;
    private long _tokens;
    private long _unique;
    private long _truncated;
    private long _sequences;

    public void Add(ReadOnlySpan<int> ids, int sequences)
    {
        _samples++;
        _tokens += ids.Length;
        _sequences += sequences;
        if (ids.Length > maxLength)
        {
            _truncated++;
        }
        _lengths[ids.Length] = _lengths.GetValueOrDefault(ids.Length) + 1;
        foreach (var id in ids)
        {
            if ((uint)id < (uint)_seen.Length && !_seen[id])
            {
                _seen[id] = true;
                _unique++;
            }
        }
    }

    /// <summary>The running counts as JSON: a few kilobytes (the seen tokens as a bitmap), whatever the dataset's size.</summary>
    public byte[] Save()
    {
        var seen = new byte[(_seen.Length + 7) / 8];
        _seen.CopyTo(seen, 0);
        return JsonSerializer.SerializeToUtf8Bytes(new Snapshot(_samples, _tokens, _unique, _truncated, _sequences, new(_lengths), seen));
    }

    /// <summary>Counts saved by <see cref="Save"/> of a run with the same vocabulary and <c>max_length</c>.</summary>
    public static TokenStatistics Load(ReadOnlySpan<byte> saved, int vocabularySize, int maxLength)
    {
        var snapshot = JsonSerializer.Deserialize<Snapshot>(saved) ?? throw new InvalidDataException("The saved token statistics are empty");
        var statistics = new TokenStatistics(vocabularySize, maxLength);
        var seen = new BitArray(snapshot.Seen) { Length = vocabularySize };
        statistics._seen.Or(seen);
        foreach (var (length, count) in snapshot.Lengths)
        {
            statistics._lengths[length] = count;
        }
        (statistics._samples, statistics._tokens, statistics._unique, statistics._truncated, statistics._sequences) =
            (snapshot.Samples, snapshot.Tokens, snapshot.Unique, snapshot.Truncated, snapshot.Sequences);
        return statistics;
    }

    public TokenStatisticsReport Report()
    {
        if (_samples == 0)
        {
            return new TokenStatisticsReport(0, 0, 0, 0, 0, 0, 0, 0, 0, []);
        }
        var min = _lengths.Keys.First();
        var max = _lengths.Keys.Last();
        return new TokenStatisticsReport(
            _samples, _tokens, min, max, Math.Round((double)_tokens / _samples, 2), Median(), _unique, _truncated, _sequences, Histogram(min, max));
    }

    private double Median()
    {
        // The mean of the two middle lengths when the count is even, as statistics.median does.
        var lower = (_samples - 1) / 2;
        var upper = _samples / 2;
        int? lowValue = null;
        long seen = 0;
        foreach (var (length, count) in _lengths)
        {
            seen += count;
            if (lowValue is null && seen > lower)
            {
                lowValue = length;
            }
            if (seen > upper)
            {
                return (lowValue!.Value + length) / 2.0;
            }
        }
        return lowValue ?? 0;
    }

    private sealed record Snapshot(long Samples, long Tokens, long Unique, long Truncated, long Sequences, Dictionary<int, long> Lengths, byte[] Seen);

    private List<HistogramBin> Histogram(int min, int max)
    {
        var width = Math.Max(1, (int)Math.Ceiling((max - min + 1) / (double)HistogramBins));
        var bins = new List<HistogramBin>();
        for (var start = min; start <= max; start += width)
        {
            var end = start + width - 1;
            var count = _lengths.Where(p => p.Key >= start && p.Key <= end).Sum(p => p.Value);
            bins.Add(new HistogramBin(start, end, count));
        }
        return bins;
    }
}
