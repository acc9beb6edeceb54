using System.Text;

namespace Spaces.Tests.Tokenizers;

/// <summary>
/// A tiny SentencePiece BPE <c>tokenizer.model</c>, written field by field (sentencepiece_model.proto), so the
/// ML.Tokenizers-backed loader is tested without a model file: merges follow the scores, highest first.
/// </summary>
public static class SentencePieceFiles
{
    /// <summary>Ids 0–2 are &lt;unk&gt;, &lt;s&gt;, &lt;/s&gt;; then these, in id order.</summary>
    public static readonly (string Piece, float Score)[] Pieces =
    [
        ("he", -1), ("ll", -2), ("llo", -3), ("hello", -4), ("▁hello", -5),
        ("▁", -10), ("h", -11), ("e", -12), ("l", -13), ("o", -14), ("w", -15), ("d", -16),
    ];

    public static int IdOf(string piece) => 3 + Array.FindIndex(Pieces, p => p.Piece == piece);

    public static byte[] Model()
    {
        var model = new MemoryStream();
        Message(model, 1, Piece("<unk>", 0, type: 2));
        Message(model, 1, Piece("<s>", 0, type: 3));
        Message(model, 1, Piece("</s>", 0, type: 3));
        foreach (var (piece, score) in Pieces)
        {
            Message(model, 1, Piece(piece, score, type: 1));
        }
        var trainer = new MemoryStream();
        Varint(trainer, 3, 2); // model_type: BPE
        Message(model, 2, trainer.ToArray());
        var normalizer = new MemoryStream();
        Bytes(normalizer, 1, Encoding.UTF8.GetBytes("identity"));
        Varint(normalizer, 3, 1); // add_dummy_prefix
        Varint(normalizer, 4, 1); // remove_extra_whitespaces
        Varint(normalizer, 5, 1); // escape_whitespaces
        Message(model, 3, normalizer.ToArray());
        return model.ToArray();
    }

    private static byte[] Piece(string piece, float score, int type)
    {
        var message = new MemoryStream();
        Bytes(message, 1, Encoding.UTF8.GetBytes(piece));
        WriteRaw(message, (2 << 3) | 5);
        message.Write(BitConverter.GetBytes(score));
        Varint(message, 3, type);
        return message.ToArray();
    }

    private static void Message(Stream stream, int field, byte[] body) => Bytes(stream, field, body);

    private static void Bytes(Stream stream, int field, byte[] body)
    {
        WriteRaw(stream, (ulong)((field << 3) | 2));
        WriteRaw(stream, (ulong)body.Length);
        stream.Write(body);
    }

    private static void Varint(Stream stream, int field, long value)
    {
        WriteRaw(stream, (ulong)(field << 3));
        WriteRaw(stream, (ulong)value);
    }

    private static void WriteRaw(Stream stream, ulong value)
    {
        while (value >= 0x80)
        {
            stream.WriteByte((byte)(value | 0x80));
            value >>= 7;
        }
        stream.WriteByte((byte)value);
    }
}
