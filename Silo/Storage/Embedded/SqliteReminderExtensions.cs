using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;

namespace Spaces.Silo.Storage.Embedded;

public static class SqliteReminderExtensions
{
    /// <summary>Orleans' reminder service on <see cref="SqliteReminderTable"/>.</summary>
    public static ISiloBuilder UseSpacesSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configure) =>
        builder.ConfigureServices(services => services.UseSpacesSqliteReminderService(configure));

    public static IServiceCollection UseSpacesSqliteReminderService(this IServiceCollection services, Action<SqliteReminderTableOptions> configure)
    {
        services.AddReminders();
        services.AddSingleton<IReminderTable, SqliteReminderTable>();
        services.AddOptions<SqliteReminderTableOptions>().Configure(configure);
        services.AddTransient<IConfigurationValidator>(sp => new SqliteReminderTableOptionsValidator(sp.GetRequiredService<IOptions<SqliteReminderTableOptions>>().Value));
        return services;
    }
}
