using Microsoft.Extensions.DependencyInjection;
using Orleans.Metadata;
using Orleans.Runtime;
using Spaces.Grains.Spaces;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>How long the host's silo keeps an idle grain active, as Orleans reads it from the grain classes.</summary>
public sealed class GrainLifetimeTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    [Fact]
    public void AnIdleRequest_IsLetGoOfAfterTwoMinutes_WhileAnIdleSpaceKeepsOrleansDefault()
    {
        var services = fixture.Host.Services;
        var types = services.GetRequiredService<GrainTypeResolver>();
        var properties = services.GetRequiredService<GrainPropertiesResolver>();

        string? IdlePeriod(Type grainClass) =>
            properties.GetGrainProperties(types.GetGrainType(grainClass)).Properties.GetValueOrDefault(WellKnownGrainTypeProperties.IdleDeactivationPeriod);

        Assert.Equal("00:02:00", IdlePeriod(typeof(RequestGrain)));
        Assert.Null(IdlePeriod(typeof(SpaceGrain)));
    }
}
