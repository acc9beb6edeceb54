using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Abstractions.Indexes;

namespace Spaces.Grains.Accounts;

public sealed class WorkerTokenGrain(
    [PersistentState("token", GrainStorage.Name)] IPersistentState<WorkerTokenState> token,
    TimeProvider time) : Grain, IWorkerTokenGrain
{
    public async Task<WorkerTokenInfo> CreateAsync(NewWorkerToken newToken)
    {
        if (token.State.Token is { } existing)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"Token {existing.Id} already exists");
        }
        var id = this.GetPrimaryKeyString();
        token.State.Token = new WorkerTokenInfo(
            id, newToken.Name, newToken.SecretHash, newToken.OwnerId, [.. newToken.SpaceIds], time.GetUtcNow(), RevokedAt: null, LastUsedAt: null);
        await token.WriteStateAsync();
        // Listed after it exists: a crash in between leaves a token its owner cannot see, never a listed one that is missing.
        await Task.WhenAll(
            GrainFactory.GetGrain<IIndexGrain>(Indexes.TokensOf(newToken.OwnerId)).AddAsync(id),
            GrainFactory.GetGrain<IIndexGrain>(Indexes.AllTokens).AddAsync(id));
        return token.State.Token;
    }

    public Task<WorkerTokenInfo?> GetAsync() => Task.FromResult(token.State.Token);

    public async Task<bool> RevokeAsync()
    {
        if (token.State.Token is not { RevokedAt: null } live)
        {
            return false;
        }
        token.State.Token = live with { RevokedAt = time.GetUtcNow() };
        await token.WriteStateAsync();
        return true;
    }

    public async Task TouchAsync(TimeSpan resolution)
    {
        var now = time.GetUtcNow();
        if (token.State.Token is { } current && (current.LastUsedAt is not { } last || now - last >= resolution))
        {
            token.State.Token = current with { LastUsedAt = now };
            await token.WriteStateAsync();
        }
    }
}
