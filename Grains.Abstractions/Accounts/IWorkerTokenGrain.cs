using Orleans;
using Orleans.Concurrency;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>One worker token (key: the token id). Read on every authenticated worker call, so it stays in memory.</summary>
public interface IWorkerTokenGrain : IGrainWithStringKey
{
    /// <summary>Stores the token and lists it in its owner's index and the index of all tokens.</summary>
    Task<WorkerTokenInfo> CreateAsync(NewWorkerToken token);

    [ReadOnly]
    Task<WorkerTokenInfo?> GetAsync();

    /// <summary>False when the token does not exist or was already revoked.</summary>
    Task<bool> RevokeAsync();

    /// <summary>Records that the token was presented now; written at most once per <c>resolution</c>.</summary>
    Task TouchAsync(TimeSpan resolution);
}
