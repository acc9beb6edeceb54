namespace Spaces.Parquet.Format;

// Numeric values match parquet.thrift; names are kept as the spec spells them in FormatNames for error messages.

internal enum FieldRepetition
{
    Required = 0,
    Optional = 1,
    Repeated = 2,
}

internal enum PageType
{
    DataPage = 0,
    IndexPage = 1,
    DictionaryPage = 2,
    DataPageV2 = 3,
}

internal enum ConvertedType
{
    Utf8 = 0,
}

/// <summary>Spec names of enum values that appear in error messages.</summary>
internal static class FormatNames
{
    private static readonly string[] Codecs = ["UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"];

    private static readonly string[] Encodings =
    [
        "PLAIN", "GROUP_VAR_INT", "PLAIN_DICTIONARY", "RLE", "BIT_PACKED", "DELTA_BINARY_PACKED",
        "DELTA_LENGTH_BYTE_ARRAY", "DELTA_BYTE_ARRAY", "RLE_DICTIONARY", "BYTE_STREAM_SPLIT",
    ];

    public static string Codec(int codec) => Name(Codecs, codec, "codec");

    public static string Encoding(int encoding) => Name(Encodings, encoding, "encoding");

    private static string Name(string[] names, int value, string kind) =>
        value >= 0 && value < names.Length ? names[value] : $"unknown {kind} {value}";
}

internal static class EncodingIds
{
    public const int Plain = 0;
    public const int PlainDictionary = 2;
    public const int Rle = 3;
    public const int RleDictionary = 8;
}

internal static class CodecIds
{
    public const int Uncompressed = 0;
    public const int Snappy = 1;
    public const int Gzip = 2;
}
