using Spaces.HuggingFace.Splits;

namespace Spaces.Tests.HuggingFace;

/// <summary>Expectations computed by hand from PROTOCOLS.md §3.6 (the <c>datasets</c> docs' 999-row table and its rules).</summary>
public sealed class SplitSpecResolveTests
{
    private static readonly Dictionary<string, long> Rows999 = new() { ["train"] = 999, ["test"] = 200 };

    private static SplitRange One(string spec, long rows) =>
        Assert.Single(SplitSpec.Parse(spec).Resolve(new Dictionary<string, long> { ["train"] = rows }));

    [Theory]
    [InlineData("train", 0, 999)]
    [InlineData("train[:]", 0, 999)]
    [InlineData("train[:1%]", 0, 10)] // 9.99 rounds to 10
    [InlineData("train[:10%]", 0, 100)] // 99.9 → 100
    [InlineData("train[50%:52%]", 500, 519)] // 499.5 → 500 (half to even), 519.48 → 519
    [InlineData("train[52%:54%]", 519, 539)] // 519.48 → 519, 539.46 → 539
    [InlineData("train[50%:52%](pct1_dropremainder)", 450, 468)] // 1% = trunc(9.99) = 9 rows
    [InlineData("train[10:20]", 10, 20)]
    [InlineData("train[-80:]", 919, 999)]
    [InlineData("train[:-10]", 0, 989)]
    [InlineData("train[-10%:]", 899, 999)] // round(-99.9) = -100
    [InlineData("train[-10%:](pct1_dropremainder)", 909, 999)] // -10 * 9 = -90
    [InlineData("train[10%:20]", 100, 200)] // one '%' makes both bounds percent: 99.9 → 100, 199.8 → 200
    [InlineData("train[:100%]", 0, 999)]
    [InlineData("train[-100%:]", 0, 999)]
    [InlineData("train[:100%](pct1_dropremainder)", 0, 900)] // the remainder 99 rows is dropped
    [InlineData("train[500:5000]", 500, 999)] // clamped to n
    [InlineData("train[-5000:10]", 0, 10)] // n + x < 0 clamps to 0
    [InlineData("train[:1_00]", 0, 100)]
    public void Resolve_SplitOf999Rows_MatchesTheReferenceSemantics(string spec, long start, long end) =>
        Assert.Equal(new SplitRange("train", start, end), One(spec, 999));

    [Theory]
    [InlineData(5, "train[:50%]", 2)] // round(2.5) = 2: half to even
    [InlineData(3, "train[:50%]", 2)] // round(1.5) = 2
    [InlineData(7, "train[:50%]", 4)] // round(3.5) = 4
    [InlineData(9, "train[:50%]", 4)] // round(4.5) = 4
    [InlineData(1_000_001, "train[:50%]", 500_000)] // 500000.5 → 500000
    [InlineData(200, "train[:33%](pct1_dropremainder)", 66)]
    [InlineData(50, "train[-100:]", 50)]
    public void Resolve_RoundingAndClamping_GiveHandComputedCounts(long rows, string spec, long count) =>
        Assert.Equal(count, One(spec, rows).Count);

    [Fact]
    public void Resolve_SeveralParts_ConcatenatesInWrittenOrder()
    {
        var ranges = SplitSpec.Parse("test[:5]+train[:10%]+test[-2:]").Resolve(Rows999);

        Assert.Equal([new SplitRange("test", 0, 5), new SplitRange("train", 0, 100), new SplitRange("test", 198, 200)], ranges);
        Assert.Equal(107, SplitSpec.Parse("test[:5]+train[:10%]+test[-2:]").CountRows(Rows999));
    }

    [Fact]
    public void Resolve_PartSelectingNothing_IsLeftOutWhenOthersSelectRows()
    {
        var ranges = SplitSpec.Parse("train[20:10]+test[:3]").Resolve(Rows999);

        Assert.Equal([new SplitRange("test", 0, 3)], ranges);
    }

    [Theory]
    [InlineData("train[10:5]", "\"train[10:5]\" is rows [10, 5) of 999")]
    [InlineData("train[:0]", "\"train[:0]\" is rows [0, 0) of 999")]
    [InlineData("train[:0.0]", null)]
    [InlineData("train[999:]+test[-0:0]", "\"train[999:]\" is rows [999, 999) of 999; \"test[-0:0]\" is rows [0, 0) of 200")]
    [InlineData("train[60%:40%]", "\"train[60%:40%]\" is rows [599, 400) of 999")]
    public void Resolve_SpecSelectingNoRows_ThrowsExplainingEachPart(string spec, string? explanation)
    {
        if (explanation is null)
        {
            Assert.Throws<SplitSpecException>(() => SplitSpec.Parse(spec));
            return;
        }

        var error = Assert.Throws<SplitSpecException>(() => SplitSpec.Parse(spec).Resolve(Rows999));

        Assert.StartsWith($"Split \"{spec}\" selects no rows: ", error.Message);
        Assert.Contains(explanation, error.Message);
    }

    [Fact]
    public void Resolve_EmptySplit_SelectsNoRows()
    {
        var error = Assert.Throws<SplitSpecException>(() => SplitSpec.Parse("train").Resolve(new Dictionary<string, long> { ["train"] = 0 }));

        Assert.Contains("selects no rows", error.Message);
    }

    [Fact]
    public void Resolve_UnknownSplit_NamesItAndListsTheAvailableOnes()
    {
        var error = Assert.Throws<SplitSpecException>(() => SplitSpec.Parse("train[:5]+validation[:10%]").Resolve(Rows999));

        Assert.Equal("validation[:10%]", error.Part);
        Assert.Contains("the split 'validation' does not exist; available splits: test, train", error.Message);
    }

    [Fact]
    public void Resolve_Pct1DropRemainderOnFewerThan100Rows_Throws()
    {
        var error = Assert.Throws<SplitSpecException>(() => One("train[:50%](pct1_dropremainder)", 99));

        Assert.Contains("pct1_dropremainder needs at least 100 rows but 'train' has 99", error.Message);
    }

    [Fact]
    public void Resolve_Pct1DropRemainderOnExactly100Rows_IsOneRowPerPercent() =>
        Assert.Equal(new SplitRange("train", 37, 64), One("train[37%:64%](pct1_dropremainder)", 100));

    [Fact]
    public void Resolve_SplitNamesAreCaseSensitive()
    {
        var error = Assert.Throws<SplitSpecException>(() => SplitSpec.Parse("Train").Resolve(Rows999));

        Assert.Contains("'Train' does not exist", error.Message);
    }
}
