using Orleans;
using Orleans.Concurrency;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>
/// The ids of a set of worker tokens, newest first: key <c>user/{userId}</c> for one owner's, <see cref="All"/> for
/// every token (the admin's list). Tokens are few per deployment, so one grain holds the whole list.
/// </summary>
public interface IWorkerTokenIndexGrain : IGrainWithStringKey
{
    const string All = "all";

    static string OfUser(string userId) => $"user/{userId}";

    Task AddAsync(string tokenId);

    [ReadOnly]
    Task<IReadOnlyList<string>> ListAsync();
}
