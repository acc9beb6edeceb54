using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Reminders.AzureStorage;
using Orleans.Runtime.ReminderService;
using Spaces.Silo.Storage.Azure;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Storage;

[Collection(AzuriteCollection.Name)]
public sealed class AzureTableReminderTableTests(AzuriteFixture azurite) : ReminderTableConformanceTests, IAsyncLifetime
{
    private AzureBasedReminderTable? _table;

    public async Task InitializeAsync()
    {
        var options = new AzureTableReminderStorageOptions
        {
            TableServiceClient = AzureStorageAccount.Parse(azurite.ConnectionString).CreateTableServiceClient(),
        };
        _table = new AzureBasedReminderTable(
            NullLoggerFactory.Instance, Options.Create(new ClusterOptions { ServiceId = ServiceId, ClusterId = "test" }), Options.Create(options));
        using var cancellation = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _table.StartAsync(cancellation.Token);
    }

    public Task DisposeAsync() => _table?.StopAsync(CancellationToken.None) ?? Task.CompletedTask;

    protected override Task<IReminderTable> TableAsync() =>
        Task.FromResult<IReminderTable>(_table ?? throw new InvalidOperationException("The reminder table is not started"));
}
