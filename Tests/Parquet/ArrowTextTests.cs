using System.Numerics;
using Spaces.Silo.Datasets.Readers.Parquet;

namespace Spaces.Tests.Parquet;

public sealed class ArrowTextTests
{
    [Theory]
    [InlineData("5", 2, "0.05")]
    [InlineData("-5", 2, "-0.05")]
    [InlineData("-1200", 2, "-12.00")]
    [InlineData("0", 3, "0.000")]
    [InlineData("123", 0, "123")]
    [InlineData("123", -2, "12300")]
    [InlineData("-99999999999999999999999999999999999999", 38, "-0.99999999999999999999999999999999999999")]
    public void Decimal_UnscaledValueAndScale_IsExactText(string unscaled, int scale, string expected)
    {
        var bytes = new byte[16];
        Assert.True(BigInteger.Parse(unscaled).TryWriteBytes(bytes, out _, isUnsigned: false, isBigEndian: false));
        if (unscaled.StartsWith('-'))
        {
            var used = BigInteger.Parse(unscaled).GetByteCount();
            bytes.AsSpan(used).Fill(0xFF); // sign-extend to 16 bytes, as Decimal128 stores it
        }

        Assert.Equal(expected, ArrowText.Decimal(bytes, scale));
    }
}
