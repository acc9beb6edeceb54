namespace Spaces.Tokenizers;

/// <summary>A tokenizer file (tokenizer.json, vocab.json or merges.txt) is malformed; the message names the file and the fault.</summary>
public sealed class TokenizerFormatException : Exception
{
    public TokenizerFormatException()
    {
    }

    public TokenizerFormatException(string message) : base(message)
    {
    }

    public TokenizerFormatException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
