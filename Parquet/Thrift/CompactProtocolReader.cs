using System.Buffers.Binary;
using System.Text;

namespace Spaces.Parquet.Thrift;

/// <summary>
/// Reads the Thrift compact protocol from a byte span. Struct decoders loop over
/// <see cref="ReadFieldHeader"/>, handle the (id, type) pairs they know and <see cref="Skip"/> the rest,
/// which keeps them compatible with newer writers that add fields.
/// </summary>
internal ref struct CompactProtocolReader(ReadOnlySpan<byte> buffer)
{
    // Guards against stack exhaustion on hostile input: real Parquet metadata nests a handful of levels.
    private const int MaxSkipDepth = 64;

    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly int Position => _position;

    /// <summary>Reads the next field header; returns false at the struct's STOP byte.</summary>
    public bool ReadFieldHeader(ref short lastFieldId, out short fieldId, out CompactType type)
    {
        var header = ReadByte();
        type = (CompactType)(header & 0x0F);
        if (type == CompactType.Stop)
        {
            fieldId = 0;
            return false;
        }

        var delta = header >> 4;
        fieldId = delta == 0 ? ReadI16() : (short)(lastFieldId + delta);
        lastFieldId = fieldId;
        return true;
    }

    public byte ReadByte()
    {
        if (_position >= _buffer.Length)
        {
            throw new ThriftTruncatedException();
        }

        return _buffer[_position++];
    }

    public short ReadI16() => (short)ReadI64();

    public int ReadI32() => (int)ReadI64();

    public long ReadI64()
    {
        var raw = ReadVarint();
        return (long)(raw >> 1) ^ -(long)(raw & 1);
    }

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(ReadSpan(8));

    /// <summary>A bool field carries its value in the header type; inside lists it is one byte.</summary>
    public static bool BoolFromType(CompactType type) => type == CompactType.BooleanTrue;

    public ReadOnlySpan<byte> ReadBinary()
    {
        var length = ReadVarint();
        if (length > int.MaxValue)
        {
            throw new ThriftTruncatedException();
        }

        return ReadSpan((int)length);
    }

    public string ReadString() => Encoding.UTF8.GetString(ReadBinary());

    public (CompactType ElementType, int Count) ReadListHeader()
    {
        var header = ReadByte();
        var count = header >> 4;
        if (count == 15)
        {
            var big = ReadVarint();
            if (big > int.MaxValue)
            {
                throw new ThriftTruncatedException();
            }

            count = (int)big;
        }

        return ((CompactType)(header & 0x0F), count);
    }

    public void Skip(CompactType type) => Skip(type, 0);

    private void Skip(CompactType type, int depth)
    {
        if (depth > MaxSkipDepth)
        {
            throw new ParquetFormatException("Parquet: Thrift metadata nests too deeply");
        }

        switch (type)
        {
            case CompactType.BooleanTrue or CompactType.BooleanFalse:
                break;
            case CompactType.Byte:
                ReadByte();
                break;
            case CompactType.I16 or CompactType.I32 or CompactType.I64:
                ReadVarint();
                break;
            case CompactType.Double:
                ReadSpan(8);
                break;
            case CompactType.Uuid:
                ReadSpan(16);
                break;
            case CompactType.Binary:
                ReadBinary();
                break;
            case CompactType.List or CompactType.Set:
                var (elementType, count) = ReadListHeader();
                for (var i = 0; i < count; i++)
                {
                    SkipElement(elementType, depth + 1);
                }

                break;
            case CompactType.Map:
                SkipMap(depth + 1);
                break;
            case CompactType.Struct:
                short lastFieldId = 0;
                while (ReadFieldHeader(ref lastFieldId, out _, out var fieldType))
                {
                    Skip(fieldType, depth + 1);
                }

                break;
            default:
                throw new ParquetFormatException($"Parquet: unknown Thrift compact type {(int)type} in metadata");
        }
    }

    private void SkipMap(int depth)
    {
        var count = ReadVarint();
        if (count == 0)
        {
            return;
        }

        var kinds = ReadByte();
        var keyType = (CompactType)(kinds >> 4);
        var valueType = (CompactType)(kinds & 0x0F);
        for (ulong i = 0; i < count; i++)
        {
            SkipElement(keyType, depth);
            SkipElement(valueType, depth);
        }
    }

    // Inside lists, sets and maps a bool occupies one byte instead of living in a field header.
    private void SkipElement(CompactType type, int depth)
    {
        if (type is CompactType.BooleanTrue or CompactType.BooleanFalse)
        {
            ReadByte();
        }
        else
        {
            Skip(type, depth);
        }
    }

    private ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new ParquetFormatException("Parquet: Thrift varint is longer than 10 bytes");
    }

    private ReadOnlySpan<byte> ReadSpan(int length)
    {
        if (length < 0 || length > _buffer.Length - _position)
        {
            throw new ThriftTruncatedException();
        }

        var span = _buffer.Slice(_position, length);
        _position += length;
        return span;
    }
}
