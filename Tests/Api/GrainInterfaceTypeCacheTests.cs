using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Metadata;
using Orleans.Runtime;
using Orleans.Serialization.TypeSystem;
using Spaces.Grains.Abstractions.Spaces;
using Spaces.Silo.Hosting;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>The host's remembered grain interface types are the ones Orleans itself works out, for every interface it calls.</summary>
public sealed class GrainInterfaceTypeCacheTests(HostFixture fixture) : IClassFixture<HostFixture>
{
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
}
