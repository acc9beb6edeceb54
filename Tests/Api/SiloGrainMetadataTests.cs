using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Metadata;
using Orleans.Runtime;
using Orleans.Serialization.TypeSystem;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Grains.Spaces;
using Spaces.Silo.Hosting;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>What the host's silo knows of its grain types: their interface types, and how long it keeps idle grains active.</summary>
public sealed class SiloGrainMetadataTests(HostFixture fixture) : IClassFixture<HostFixture>
{
    /// <summary>The host's remembered grain interface types are the ones Orleans itself works out, for every interface it calls.</summary>
    [Fact]
    public void TheHostsResolver_AsksTheCacheFirst_AndAnswersAsOrleansDoesForEveryGrainAndObserverInterface()
    {
        var services = fixture.Host.Services;
        var providers = services.GetServices<IGrainInterfaceTypeProvider>().ToList();
        var orleansOwn = new GrainInterfaceTypeResolver(providers.Where(p => p is not CachedGrainInterfaceTypes), services.GetRequiredService<TypeConverter>());
        var interfaces = typeof(ISpaceGrain).Assembly.GetTypes().Where(t => t.IsInterface && typeof(IAddressable).IsAssignableFrom(t)).ToList();

        Assert.IsType<CachedGrainInterfaceTypes>(providers[0]);
        Assert.True(interfaces.Count >= 10, $"the contracts' grain and observer interfaces ({interfaces.Count})");
        var resolver = services.GetRequiredService<GrainInterfaceTypeResolver>();
        foreach (var type in interfaces)
        {
            // Twice: the second answer is the remembered one.
            Assert.Equal(orleansOwn.GetGrainInterfaceType(type), resolver.GetGrainInterfaceType(type));
            Assert.Equal(orleansOwn.GetGrainInterfaceType(type), resolver.GetGrainInterfaceType(type));
        }
    }

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
