namespace Spaces.Tests.Tokenizers;

/// <summary>
/// The GPT-2 corpus plus texts aimed at today's models: their special-token strings, compatibility characters (NFKC), text
/// already holding SentencePiece's <c>▁</c> and byte-token spellings, newline and tab runs (Gemma's added tokens), digit
/// runs (Llama 3 groups three digits, Qwen one), astral letters and digits (code points, not UTF-16 units), and text in
/// which a token spans a word start.
/// </summary>
public static class ModelReferenceCorpus
{
    public static readonly IReadOnlyDictionary<string, string> Cases = new Dictionary<string, string>(ReferenceCorpus.Cases)
    {
        ["specialTokenText"] = "<|begin_of_text|>Hi<|end_of_text|> <bos>x<eos> <s>y</s> <unk> <|im_start|>user\n<think>a</think><|im_end|>"
            + " <｜begin▁of▁sentence｜>z<｜User｜> <start_of_turn>model <mask> <|endoftext|>",
        ["specialTokenAtStart"] = "<bos><s><|begin_of_text|>text",
        ["compatibilityChars"] = "ﬁ ① Ⅻ ｈｅｌｌｏ ＡＢＣ １２３ ㍿ Å ﬀ ™ ℌ",
        ["sentencePieceMarks"] = "▁ already ▁▁ marks ▁▁▁x and <0x41> text",
        ["tabAndNewlineRuns"] = "\t\t\tx\n\n\n\n y \r\n\r\n   \n\t \n\n\n\n\n\n\n\n\n\n\n",
        ["digitRuns"] = "1 12 123 1234 12345 1234567 ١٢٣٤ 𝟏𝟐𝟑𝟒 x1y22z333",
        ["astralLetters"] = "𝐀𝐁𝐂 𝒜 x𝐀y 𐐷𐐸 ab𝕏",
        ["htmlTags"] = "<table><tr><td>1</td></tr></table> <div class=\"x\">y</div>",
        ["leadingSpaceOnly"] = " ",
        // Gemma 3's one token holding a word start, ">▁</": the cut into words must not split it.
        ["tokenAcrossWordStart"] = "<b>x</b> </i> > </ a>▁</b >  </p>",
    };

    public static TheoryData<string, string> ModelCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var model in ModelFiles.Models)
            {
                foreach (var name in Cases.Keys)
                {
                    data.Add(model, name);
                }
            }
            return data;
        }
    }
}
