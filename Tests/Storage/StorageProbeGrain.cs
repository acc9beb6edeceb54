using Orleans;
using Orleans.Runtime;

namespace Spaces.Tests.Storage;

[Alias("spaces.tests.IStorageProbeGrain")]
public interface IStorageProbeGrain : IGrainWithStringKey
{
    [Alias("SetAsync")]
    Task SetAsync(string value);

    [Alias("GetAsync")]
    Task<string?> GetAsync();

    [Alias("ClearAsync")]
    Task ClearAsync();

    /// <summary>Registers an hourly reminder (it never fires during a test).</summary>
    [Alias("RemindAsync")]
    Task RemindAsync();

    [Alias("HasReminderAsync")]
    Task<bool> HasReminderAsync();
}

[GenerateSerializer, Alias("spaces.tests.ProbeState")]
public sealed class ProbeState
{
    [Id(0)]
    public string? Value { get; set; }
}

/// <summary>A grain whose state lives in the provider named <see cref="Store"/>: what the product's grains will look like.</summary>
public sealed class StorageProbeGrain([PersistentState("probe", StorageProbeGrain.Store)] IPersistentState<ProbeState> state)
    : Grain, IStorageProbeGrain, IRemindable
{
    public const string Store = "spaces";

    public async Task SetAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    public Task<string?> GetAsync() => Task.FromResult(state.State.Value);

    public Task ClearAsync() => state.ClearStateAsync();

    public Task RemindAsync() => this.RegisterOrUpdateReminder("probe", TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<bool> HasReminderAsync() => await this.GetReminder("probe") is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
