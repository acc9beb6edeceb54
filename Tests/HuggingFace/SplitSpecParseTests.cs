using Spaces.HuggingFace.Splits;

namespace Spaces.Tests.HuggingFace;

public sealed class SplitSpecParseTests
{
    [Fact]
    public void Parse_BareSplit_IsTheWholeSplit()
    {
        var instruction = Assert.Single(SplitSpec.Parse("train").Instructions);

        Assert.Equal("train", instruction.Split);
        Assert.True(instruction.IsWholeSplit);
        Assert.False(instruction.IsPercent);
        Assert.Null(instruction.Rounding);
    }

    [Theory]
    [InlineData("train[10:20]", "train", 10L, 20L, false, null)]
    [InlineData("train[-100:]", "train", -100L, null, false, null)]
    [InlineData("train[:-5]", "train", null, -5L, false, null)]
    [InlineData("train[:]", "train", null, null, false, null)]
    [InlineData("train[:1%]", "train", null, 1L, true, SplitRounding.Closest)]
    [InlineData("train[10:20%]", "train", 10L, 20L, true, SplitRounding.Closest)]
    [InlineData("train[10%:20]", "train", 10L, 20L, true, SplitRounding.Closest)]
    [InlineData("train[50%:52%](pct1_dropremainder)", "train", 50L, 52L, true, SplitRounding.Pct1DropRemainder)]
    [InlineData("train[:10%](closest)", "train", null, 10L, true, SplitRounding.Closest)]
    [InlineData("train[-100%:100%]", "train", -100L, 100L, true, SplitRounding.Closest)]
    [InlineData("train[:1_000]", "train", null, 1000L, false, null)]
    [InlineData("train.clean.100[:5]", "train.clean.100", null, 5L, false, null)]
    [InlineData("validation_matched", "validation_matched", null, null, false, null)]
    public void Parse_ValidInstruction_ParsesEveryField(string spec, string split, long? from, long? to, bool percent, SplitRounding? rounding)
    {
        var instruction = Assert.Single(SplitSpec.Parse(spec).Instructions);

        Assert.Equal((split, from, to, percent, rounding, spec),
            (instruction.Split, instruction.From, instruction.To, instruction.IsPercent, instruction.Rounding, instruction.Text));
    }

    [Fact]
    public void Parse_PartsJoinedWithPlus_KeepsWrittenOrderTextsAndPositions()
    {
        var spec = SplitSpec.Parse("train[:50%] +  test[10%:]+train[-3:]");

        Assert.Equal(["train[:50%]", "test[10%:]", "train[-3:]"], spec.Instructions.Select(i => i.Text));
        Assert.Equal([0, 15, 26], spec.Instructions.Select(i => i.Position));
        Assert.Equal(["train", "test"], spec.SplitNames);
    }

    [Theory]
    [InlineData("train[:1%%]", 9, "expected ']' to close the slice")]
    [InlineData("train[5]", 7, "expected ':' in the slice")]
    [InlineData("train[a:b]", 6, "expected ':' in the slice")]
    [InlineData("train[:10%", 10, "expected ']' to close the slice")]
    [InlineData("train+", 6, "expected a split name")]
    [InlineData("+train", 0, "expected a split name")]
    [InlineData(" train", 0, "expected a split name")]
    [InlineData("train ", 5, "whitespace is only allowed around '+'")]
    [InlineData("train test", 5, "whitespace is only allowed around '+'")]
    [InlineData("train-test", 5, "expected '+' between parts")]
    [InlineData("train.[:5]", 6, "expected a word after '.'")]
    [InlineData("train[-:5]", 7, "expected digits after '-'")]
    [InlineData("train[1_:5]", 6, "'_' may only separate digits")]
    [InlineData("train[:1__0]", 7, "'_' may only separate digits")]
    [InlineData("train[:10%](nearest)", 12, "unknown rounding 'nearest'")]
    [InlineData("train[:10%]()", 12, "unknown rounding ''")]
    [InlineData("train[:10%](closest", 19, "expected ')'")]
    [InlineData("train[:10](closest)", 10, "a rounding applies only to percent slices")]
    [InlineData("train(pct1_dropremainder)", 5, "a rounding applies only to percent slices")]
    [InlineData("train[:99999999999999999999]", 7, "the number is too large")]
    public void Parse_MalformedSpec_PointsAtTheOffendingCharacter(string spec, int position, string problem)
    {
        var error = Assert.Throws<SplitSpecException>(() => SplitSpec.Parse(spec));

        Assert.Equal(position, error.Position);
        Assert.Contains(problem, error.Message);
        Assert.StartsWith($"Invalid split \"{spec}\"", error.Message);
        Assert.EndsWith($"  {spec}{Environment.NewLine}  {new string(' ', position)}^", error.Message);
    }

    [Fact]
    public void Parse_EmptySpec_SaysItIsEmpty()
    {
        var error = Assert.Throws<SplitSpecException>(() => SplitSpec.Parse(""));

        Assert.Contains("the split is empty", error.Message);
    }

    [Theory]
    [InlineData("train[:101%]", "101%")]
    [InlineData("train[-101%:]", "-101%")]
    [InlineData("test+train[150:200%]", "150%")]
    public void Parse_PercentBoundOutsideHundred_NamesThePartAndBound(string spec, string bound)
    {
        var error = Assert.Throws<SplitSpecException>(() => SplitSpec.Parse(spec));

        Assert.Contains($"the percent bound {bound} is outside -100%..100%", error.Message);
        Assert.Equal(spec.Split('+')[^1], error.Part);
    }

    [Fact]
    public void Parse_AbsoluteBoundsAboveHundred_AreFine() =>
        Assert.Equal(5000L, SplitSpec.Parse("train[:5000]").Instructions[0].To);

    [Theory]
    [InlineData("train[:10%]+test[:10%](pct1_dropremainder)", "test[:10%](pct1_dropremainder)")]
    [InlineData("train[:10%](pct1_dropremainder)+test[:5]+val[:10%]", "val[:10%]")]
    public void Parse_PercentPartsWithDifferentRoundings_Throws(string spec, string offending)
    {
        var error = Assert.Throws<SplitSpecException>(() => SplitSpec.Parse(spec));

        Assert.Equal(offending, error.Part);
        Assert.Contains("must use the same rounding", error.Message);
    }

    [Theory]
    [InlineData("train[:10%](pct1_dropremainder)+test[:5]")]
    [InlineData("train[:10%](closest)+test[20%:]")]
    [InlineData("train[:10%](pct1_dropremainder)+test[:20%](pct1_dropremainder)")]
    public void Parse_RoundingsThatAgreeOrAbsoluteParts_AreAccepted(string spec) =>
        Assert.Equal(2, SplitSpec.Parse(spec).Instructions.Count);

    [Fact]
    public void TryParse_Malformed_ReturnsTheErrorInsteadOfThrowing()
    {
        Assert.False(SplitSpec.TryParse("train[", out var spec, out var error));
        Assert.Null(spec);
        Assert.Equal(6, error?.Position);
        Assert.True(SplitSpec.TryParse("train[:5]", out spec, out error));
        Assert.Equal("train[:5]", spec?.ToString());
        Assert.Null(error);
    }
}
