using System.Text.Unicode;

namespace Spaces.Bench.ImportMemory;

/// <summary>
/// A JSON Lines file that exists only as a rule: row n is always the same <see cref="RowBytes"/> bytes
/// (<c>{"id":n,"text":"row n: words…"}</c>), so any byte range is produced on demand and a gigabyte is served without
/// being held anywhere.
/// </summary>
public sealed class GeneratedJsonLines : IBenchFile
{
    /// <summary>Bytes per row, newline included; a power of two so MiB and GiB sizes are whole rows.</summary>
    public const int RowBytes = 256;

    private const int ChunkBytes = 64 * 1024;
    private const string Vocabulary = "the a robot cat counted stars over quiet hills while rivers ran to seven old towns";
    private static readonly byte[][] Words = [.. Vocabulary.Split(' ').Select(Ascii)];
    private static readonly byte[] End = "\"}\n"u8.ToArray();

    public GeneratedJsonLines(long requestedBytes) => Rows = Math.Max(1, requestedBytes / RowBytes);

    public string FileName => "train.jsonl";

    public string Description => $"generated JSON Lines, {RowBytes}-byte rows, made while they stream";

    public long Rows { get; }

    public long Length => Rows * RowBytes;

    public string ETag => $"jsonl-{Rows}x{RowBytes}";

    /// <summary>Writes bytes <paramref name="from"/> to <paramref name="to"/> (inclusive), one 64 KiB chunk at a time.</summary>
    public async Task WriteAsync(Stream destination, long from, long to, CancellationToken cancellationToken)
    {
        var chunk = new byte[ChunkBytes];
        var row = new byte[RowBytes];
        var position = from;
        while (position <= to)
        {
            var filled = 0;
            while (filled < chunk.Length && position <= to)
            {
                var offset = (int)(position % RowBytes);
                var count = (int)Math.Min(Math.Min(RowBytes - offset, chunk.Length - filled), to - position + 1);
                FillRow(position / RowBytes, row);
                row.AsSpan(offset, count).CopyTo(chunk.AsSpan(filled));
                filled += count;
                position += count;
            }

            await destination.WriteAsync(chunk.AsMemory(0, filled), cancellationToken);
        }
    }

    /// <summary>Row <paramref name="n"/>: words picked by a hash of n, padded with spaces inside the string to the fixed width.</summary>
    public static void FillRow(long n, Span<byte> row)
    {
        Utf8.TryWrite(row, $"{{\"id\":{n},\"text\":\"row {n}:", out var written);
        var textEnd = RowBytes - End.Length;
        var state = ((ulong)n + 1) * 0x9E3779B97F4A7C15UL; // + 1: row 0 would otherwise hash to 0 forever
        while (true)
        {
            state ^= state >> 29;
            state *= 0xBF58476D1CE4E5B9UL;
            var word = Words[(int)(state % (ulong)Words.Length)];
            if (written + 1 + word.Length > textEnd)
            {
                break;
            }

            row[written++] = (byte)' ';
            word.CopyTo(row[written..]);
            written += word.Length;
        }

        row[written..textEnd].Fill((byte)' ');
        End.CopyTo(row[textEnd..]);
    }

    private static byte[] Ascii(string word) => System.Text.Encoding.ASCII.GetBytes(word);
}
