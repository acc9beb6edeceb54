namespace Spaces.Parquet.Format;

/// <summary>
/// Turns the depth-first SchemaElement list into flat columns. Groups and repeated fields are recorded as
/// unsupported (with the leaf path and the reason) rather than rejected, so the flat columns stay readable.
/// </summary>
internal static class SchemaBuilder
{
    private const int StringConvertedType = 0;

    public static ParquetSchema Build(IReadOnlyList<SchemaElement> elements)
    {
        if (elements.Count == 0)
        {
            throw new ParquetFormatException("Parquet: the schema is empty");
        }

        var columns = new List<ParquetColumn>();
        var unsupported = new List<ParquetUnsupportedColumn>();
        var next = 1;
        var leafIndex = 0;
        for (var child = 0; child < elements[0].NumChildren; child++)
        {
            var element = At(elements, next);
            if (element.NumChildren > 0)
            {
                var (leafPath, repeatedGroup) = FirstLeaf(elements, next, out var leafCount, out next);
                var what = repeatedGroup is null ? "group" : $"repeated group '{repeatedGroup}'";
                unsupported.Add(new ParquetUnsupportedColumn(
                    element.Name, "nested column", $"Parquet: nested column '{leafPath}' ({what}) is not supported"));
                leafIndex += leafCount;
                continue;
            }

            next++;
            if (element.Repetition == FieldRepetition.Repeated)
            {
                unsupported.Add(new ParquetUnsupportedColumn(
                    element.Name, "repeated column", $"Parquet: repeated column '{element.Name}' (a list of values) is not supported"));
            }
            else if (element.Type == ParquetPhysicalType.Int96)
            {
                unsupported.Add(new ParquetUnsupportedColumn(
                    element.Name, "INT96", $"Parquet: column '{element.Name}' has physical type INT96 (legacy timestamp), which is not supported"));
            }
            else if (element.Type is not { } type || !Enum.IsDefined(type))
            {
                throw new ParquetFormatException($"Parquet: column '{element.Name}' has no valid physical type");
            }
            else
            {
                var isString = type == ParquetPhysicalType.ByteArray
                    && (element.ConvertedType == StringConvertedType || element.IsStringLogicalType);
                columns.Add(new ParquetColumn(
                    columns.Count, leafIndex, element.Name, type, element.Repetition == FieldRepetition.Optional, isString, element.TypeLength));
            }

            leafIndex++;
        }

        return new ParquetSchema(columns, unsupported);
    }

    // Walks one group subtree: returns the dotted path of its first leaf, the first repeated group on the way,
    // how many leaves (column chunks) the subtree holds, and the element index after the subtree.
    private static (string LeafPath, string? RepeatedGroup) FirstLeaf(
        IReadOnlyList<SchemaElement> elements, int start, out int leafCount, out int next)
    {
        string? leafPath = null;
        string? repeatedGroup = null;
        var path = new List<string>();
        var remaining = new Stack<int>();
        leafCount = 0;
        next = start;
        remaining.Push(1);
        while (remaining.Count > 0)
        {
            var element = At(elements, next++);
            remaining.Push(remaining.Pop() - 1);
            path.Add(element.Name);
            if (element.NumChildren > 0)
            {
                if (leafPath is null && repeatedGroup is null && element.Repetition == FieldRepetition.Repeated)
                {
                    repeatedGroup = string.Join('.', path);
                }

                remaining.Push(element.NumChildren);
                continue;
            }

            leafCount++;
            leafPath ??= string.Join('.', path);
            path.RemoveAt(path.Count - 1);
            while (remaining.Count > 0 && remaining.Peek() == 0)
            {
                remaining.Pop();
                if (path.Count > 0)
                {
                    path.RemoveAt(path.Count - 1);
                }
            }
        }

        return (leafPath ?? path.FirstOrDefault() ?? "?", repeatedGroup);
    }

    private static SchemaElement At(IReadOnlyList<SchemaElement> elements, int index) =>
        index < elements.Count ? elements[index]
        : throw new ParquetFormatException("Parquet: schema declares more children than it has elements");
}
