namespace Spaces.Parquet.Encodings;

/// <summary>Shared boxes for booleans so bool columns do not allocate per value.</summary>
internal static class Boxed
{
    private static readonly object True = true;
    private static readonly object False = false;

    public static object Bool(bool value) => value ? True : False;
}
