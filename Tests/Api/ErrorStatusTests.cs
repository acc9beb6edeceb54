using Spaces.Api.Errors;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Tests.Api;

public sealed class ErrorStatusTests
{
    [Theory]
    [InlineData(ErrorCode.StorageUnavailable, 503)]
    [InlineData(ErrorCode.NoWorkerConnected, 503)]
    [InlineData(ErrorCode.QueueFull, 429)]
    public void Of_ARefusal_IsItsHttpStatus(ErrorCode code, int status) => Assert.Equal(status, ErrorStatus.Of(code));

    [Fact]
    public void StorageUnavailable_IsTheLastCode_SoHostsOfTwoBuildsReadEachOthersCodesAlike() =>
        Assert.Equal(ErrorCode.StorageUnavailable, Enum.GetValues<ErrorCode>()[^1]);
}
