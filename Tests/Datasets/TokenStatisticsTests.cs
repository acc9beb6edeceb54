using Spaces.Silo.Datasets.Tokenization;

namespace Spaces.Tests.Datasets;

public sealed class TokenStatisticsTests
{
    [Fact]
    public void Report_LengthsUniqueTokensAndTruncation_AreExact()
    {
        var statistics = new TokenStatistics(vocabularySize: 10, maxLength: 3);
        statistics.Add([1, 2], 1);
        statistics.Add([1, 2, 3, 4], 2);
        statistics.Add([5], 1);
        statistics.Add([1, 1, 1, 1, 1], 3);

        var report = statistics.Report();

        Assert.Equal((4L, 12L, 1, 5), (report.NumSamples, report.TotalTokens, report.MinLength, report.MaxLength));
        Assert.Equal(3.0, report.MeanLength);
        Assert.Equal(3.0, report.MedianLength); // lengths 1, 2, 4, 5: the mean of 2 and 4
        Assert.Equal(5, report.UniqueTokens);
        Assert.Equal(2, report.TruncatedSamples);
        Assert.Equal(7, report.Sequences);
        Assert.Equal(4, report.LengthHistogram.Sum(b => b.Count));
    }

    [Fact]
    public void Report_NoSamples_IsAllZero()
    {
        var report = new TokenStatistics(10, 3).Report();

        Assert.Equal(0, report.NumSamples);
        Assert.Empty(report.LengthHistogram);
    }
}
