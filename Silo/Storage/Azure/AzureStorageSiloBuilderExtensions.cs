using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Spaces.Silo.Storage.Azure;

/// <summary>Orleans' Azure Table providers on one <see cref="AzureStorageAccount"/>.</summary>
public static class AzureStorageSiloBuilderExtensions
{
    /// <summary>
    /// Azure Table grain storage in the binary format with Orleans' binary serializer. Never <c>UseStringFormat</c>: it
    /// cuts large states short. A state over the table's limit (15 properties of 64 KiB) is refused, not truncated.
    /// </summary>
    public static ISiloBuilder AddSpacesAzureTableGrainStorage(this ISiloBuilder builder, string name, AzureStorageAccount account) =>
        builder.AddAzureTableGrainStorage(name, options => options.Configure<Serializer>((o, serializer) =>
        {
            o.TableServiceClient = account.CreateTableServiceClient();
            o.UseStringFormat = false;
            o.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        }));

    public static ISiloBuilder UseSpacesAzureTableClustering(this ISiloBuilder builder, AzureStorageAccount account) =>
        builder.UseAzureStorageClustering(options => options.TableServiceClient = account.CreateTableServiceClient());

    public static ISiloBuilder UseSpacesAzureTableReminders(this ISiloBuilder builder, AzureStorageAccount account) =>
        builder.UseAzureTableReminderService(options => options.TableServiceClient = account.CreateTableServiceClient());
}
