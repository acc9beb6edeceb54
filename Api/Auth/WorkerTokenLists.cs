using Orleans;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Indexes;

namespace Spaces.Api.Auth;

public static class WorkerTokenLists
{
    /// <summary>The tokens of one owner, or every token when <paramref name="ownerId"/> is null; newest first.</summary>
    public static Task<IReadOnlyList<WorkerTokenInfo>> ListWorkerTokensAsync(this IGrainFactory grains, string? ownerId) =>
        grains.ReadIndexAsync(ownerId is null ? Indexes.AllTokens : Indexes.TokensOf(ownerId), id => grains.GetGrain<IWorkerTokenGrain>(id).GetAsync());
}
