using System.Security.Claims;
using Spaces.Api.Auth;

namespace Spaces.Tests.Api;

/// <summary>A worker token's scope travels as one claim: each of its spaces is found, and nothing else is.</summary>
public sealed class SpacesClaimsTests
{
    private static ClaimsPrincipal Worker(params string[] spaceIds) => new(new ClaimsIdentity(
        [new Claim(SpacesClaims.TokenId, "t1"), new Claim(SpacesClaims.Spaces, SpacesClaims.JoinSpaces(spaceIds))], "test"));

    [Theory]
    [InlineData("alpha", true)]
    [InlineData("beta-2", true)]
    [InlineData("gamma_3", true)]
    [InlineData("beta", false)]
    [InlineData("beta-22", false)]
    [InlineData("alpha beta-2", false)]
    [InlineData("", false)]
    public void IsWorkerFor_FindsEverySpaceOfTheScope_AndNoPartOrJoinOfThem(string spaceId, bool expected) =>
        Assert.Equal(expected, Worker("alpha", "beta-2", "gamma_3").IsWorkerFor(spaceId));

    [Fact]
    public void IsWorkerFor_IsFalseForASignedInUser_AndForATokenWithoutSpaces()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "u1"), new Claim(SpacesClaims.Spaces, "alpha")], "test"));

        Assert.False(user.IsWorkerFor("alpha"));
        Assert.False(Worker().IsWorkerFor("alpha"));
    }
}
