using System.Text;

namespace Spaces.Tests.Tokenizers;

/// <summary>Named texts that exercise every rule of GPT-2's pre-tokenization and BPE, compared against Node implementations.</summary>
public static class ReferenceCorpus
{
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>
    {
        ["empty"] = "",
        ["prose"] = "The quick brown fox jumps over the lazy dog. It was the best of times, it was the worst of times; "
            + "Mr. Darcy—who had said nothing—looked up (briefly) and smiled!",
        ["protocolExample"] = "Hello world!  It's   2024\n\nOK  ",
        ["code"] = "public static int Add(int a, int b)\n{\n    return a + b; // sum\n}\n"
            + "\tif (x != null && y[0] >= 0x1F) { z += \"\\n\"; }\n",
        ["python"] = "def f(x):\n    return {'a': [1, 2, 3], \"b\": x ** 2}\n\n\nclass A:\n\tpass\n",
        ["spacesTabsNewlines"] = "a  b   c\t\td \t e\n\n\nf \n g\r\n\r\nh     ",
        ["trailingWhitespace"] = "end with spaces   ",
        ["onlyNewlines"] = "\n\n\n",
        ["onlySpaces"] = "     ",
        ["leadingSpaces"] = "   leading and \u00a0nbsp\u3000ideographic space",
        ["emoji"] = "I ❤️ tokens 😀😃 🚀!",
        ["emojiZwj"] = "family: 👨‍👩‍👧‍👦 and 🏳️‍🌈 and 👩🏽‍💻",
        ["flags"] = "flags 🇫🇷🇩🇪🇯🇵 ok",
        ["cjk"] = "日本語のテキストと中文文本，한국어 텍스트도.",
        ["cjkExtensionB"] = "𠀀 U+20000, 𪚥 and a𠀀b 𠀀𠀁𠀂 x𪚥y",
        ["arabic"] = "مرحبا بالعالم! هذا نص عربي ١٢٣.",
        ["accentedNfc"] = "café naïve résumé Ångström",
        ["accentedNfd"] = "café naïve résumé Ångström".Normalize(NormalizationForm.FormD),
        ["contractions"] = "I'm sure they'll say we've, you're, he'd, it's, can't — DON'T, I'M, It'S, it’s, 'll 're 've 'x",
        ["apostrophes"] = "'''s ''t 'S rock'n'roll '",
        ["numbers"] = "3.14159 1,000,000 2024-01-01 0x1F 12345678901234567890 ½ ² ٣",
        ["endOfTextInText"] = "first document<|endoftext|>second document <|endoftext|> <|endof",
        ["mixedScripts"] = "Ελληνικά Русский עברית हिन्दी ไทย",
        ["controlChars"] = "a\u0000b\u0001c\u007fd\u00ade",
        ["longWord"] = new string('a', 300) + " " + string.Concat(Enumerable.Repeat("xyz", 200)),
        ["longSpaceRun"] = "x" + new string(' ', 500) + "y" + new string('\n', 200),
        ["randomText50k"] = RandomText(50_000, seed: 20240611),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    /// <summary>A deterministic mix of words, code, numbers, punctuation, whitespace runs and non-Latin text.</summary>
    public static string RandomText(int length, int seed)
    {
        string[] fragments =
        [
            "the", "tokenizer", "encodes", "byte", "pair", "merges", "Hello", "WORLD", "it's", "they'll", "DON'T",
            "3.14", "2024", "1,000", "x+=1;", "{}", "()", "=>", "//", "#", "\"quoted\"", "naïve", "café", "日本語", "中文",
            "𠀀", "𪚥", "😀", "👨‍👩‍👧", "🇫🇷", "مرحبا", "Ελληνικά",
            "—", "…", "’s", "<|endoftext|>", "\t", "\n", "\n\n", "   ",
        ];
        var random = new Random(seed);
        var text = new StringBuilder(length + 64);
        while (text.Length < length)
        {
            text.Append(fragments[random.Next(fragments.Length)]);
            text.Append(random.Next(10) switch
            {
                < 6 => " ",
                6 => "",
                7 => ", ",
                8 => ".\n",
                _ => "  ",
            });
        }
        return text.ToString();
    }
}
