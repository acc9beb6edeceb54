using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;

namespace Spaces.Silo.Storage.Embedded;

public static class SqliteGrainStorageExtensions
{
    /// <summary>Adds <see cref="SqliteGrainStateStorage"/> as the grain storage provider named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSpacesSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure) =>
        builder.ConfigureServices(services => services.AddSpacesSqliteGrainStorage(name, configure));

    /// <summary>Adds <see cref="SqliteGrainStateStorage"/> as the default grain storage provider.</summary>
    public static ISiloBuilder AddSpacesSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configure) =>
        builder.AddSpacesSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    public static IServiceCollection AddSpacesSqliteGrainStorage(this IServiceCollection services, string name, Action<SqliteGrainStorageOptions> configure)
    {
        services.AddOptions<SqliteGrainStorageOptions>(name).Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp =>
            new SqliteGrainStorageOptionsValidator(sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name), name));
        return services.AddGrainStorage(name, SqliteGrainStateStorage.Create);
    }
}
