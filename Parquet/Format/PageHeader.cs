namespace Spaces.Parquet.Format;

internal sealed record PageHeader(
    PageType Type,
    int UncompressedSize,
    int CompressedSize,
    DataPageHeaderV1? DataPage,
    DictionaryPageHeader? DictionaryPage,
    DataPageHeaderV2? DataPageV2);

internal sealed record DataPageHeaderV1(int NumValues, int Encoding, int DefinitionLevelEncoding);

internal sealed record DictionaryPageHeader(int NumValues, int Encoding);

internal sealed record DataPageHeaderV2(
    int NumValues,
    int NumNulls,
    int NumRows,
    int Encoding,
    int DefinitionLevelsByteLength,
    int RepetitionLevelsByteLength,
    bool IsCompressed);
