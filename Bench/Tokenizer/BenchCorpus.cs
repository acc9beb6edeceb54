using System.Text;

namespace Spaces.Bench.Tokenizer;

/// <summary>
/// A deterministic, varied text for tokenizer throughput: mostly English-like prose over a large Zipf-distributed vocabulary
/// (so caches see both hot and rare words), plus source code, numbers, whitespace runs, accented Latin, CJK (including
/// Extension B), Arabic and emoji. No special-token text, so every tokenizer encodes it as ordinary text.
/// </summary>
public static class BenchCorpus
{
    private static readonly string[] Common =
    [
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "it", "as", "was", "with", "be", "by", "on", "not", "he",
        "I", "this", "are", "or", "his", "from", "at", "which", "but", "have", "an", "had", "they", "you", "were", "their",
        "one", "all", "we", "can", "her", "has", "there", "been", "if", "more", "when", "will", "would", "who", "so", "no",
    ];

    private static readonly string[] Snippets =
    [
        "public static int Add(int a, int b)\n{\n    return a + b;\n}\n",
        "for (var i = 0; i < items.Length; i++)\n\t{\n\t\tsum += items[i] * 2;\n\t}\n",
        "def parse(path):\n    with open(path) as f:\n        return json.load(f)\n\n",
        "  \"id\": 12345, \"name\": \"Ångström\", \"tags\": [\"a\", \"b\"],\n",
        "東京は日本の首都です。中文文本也很常见。𠀀𪚥 ",
        "مرحبا بالعالم، هذا نص عربي. ",
        "Café déjà vu — naïve résumé. ",
        "I'm sure they'll say it's fine; DON'T worry! ",
        "🚀 launch 😀 👨‍👩‍👧 🇫🇷 ",
        "3.14159, 2,718,281 and 2024-06-11T12:00:00Z. ",
        "\n\n    ",
    ];

    /// <summary>About <paramref name="megabytes"/> MB of UTF-8 text.</summary>
    public static string Build(double megabytes, int seed = 42)
    {
        var random = new Random(seed);
        var vocabulary = PseudoWords(random, 30_000);
        var targetBytes = (long)(megabytes * 1_000_000);
        var text = new StringBuilder((int)Math.Min(int.MaxValue / 2, targetBytes));
        long bytes = 0;
        var sentenceLength = 0;
        while (bytes < targetBytes)
        {
            string piece;
            var roll = random.Next(100);
            if (roll < 3)
            {
                piece = Snippets[random.Next(Snippets.Length)];
            }
            else
            {
                var word = roll < 55 ? Common[random.Next(Common.Length)] : vocabulary[Zipf(random, vocabulary.Length)];
                piece = (sentenceLength == 0 ? char.ToUpperInvariant(word[0]) + word[1..] : word) + Separator(random, ref sentenceLength);
            }
            text.Append(piece);
            bytes += Encoding.UTF8.GetByteCount(piece);
        }
        return text.ToString();
    }

    private static string Separator(Random random, ref int sentenceLength)
    {
        sentenceLength++;
        if (sentenceLength > 8 + random.Next(12))
        {
            sentenceLength = 0;
            return random.Next(5) == 0 ? ".\n\n" : ". ";
        }
        return random.Next(12) == 0 ? ", " : " ";
    }

    /// <summary>Rank-skewed index: rank r is drawn with probability about 1/r.</summary>
    private static int Zipf(Random random, int count) => Math.Min(count - 1, (int)Math.Exp(random.NextDouble() * Math.Log(count)) - 1);

    private static string[] PseudoWords(Random random, int count)
    {
        string[] onsets = ["b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w", "st", "tr", "ch", "sh", "pl"];
        string[] vowels = ["a", "e", "i", "o", "u", "ea", "ou", "io"];
        string[] codas = ["", "n", "r", "s", "t", "ng", "ck", "ll", "nd", "tion", "ment", "ing", "ed"];
        var words = new string[count];
        for (var i = 0; i < count; i++)
        {
            var word = new StringBuilder();
            for (var syllables = 1 + random.Next(3); syllables > 0; syllables--)
            {
                word.Append(onsets[random.Next(onsets.Length)]).Append(vowels[random.Next(vowels.Length)]);
            }
            words[i] = word.Append(codas[random.Next(codas.Length)]).ToString();
        }
        return words;
    }
}
