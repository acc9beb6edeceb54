using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Grains.Accounts;

/// <summary>
/// Owns a user name. The claim is written before the user is created, and a claim whose user was never created (the
/// host died in between) is taken over by the next registration, so a name is never lost to a crash. It also counts
/// the name's failed sign-ins, held or not, so guessing slows a name down the same whether anyone holds it.
/// </summary>
public sealed class UserNameGrain(
    [PersistentState("name", GrainStorage.Name)] IPersistentState<UserNameState> name,
    TimeProvider time,
    IOptions<AccountOptions> options) : Grain, IUserNameGrain
{
    private readonly NameFailures _failures = new();

    public async Task<UserAccount> RegisterAsync(NewUser user)
    {
        if (name.State.UserId is { } holder && await GrainFactory.GetGrain<IUserGrain>(holder).GetAsync() is not null)
        {
            throw new SpacesException(ErrorCode.UsernameTaken, $"The username {user.Username} is taken");
        }
        if (name.State.UserId is null)
        {
            name.State.UserId = Guid.NewGuid().ToString("N");
            await name.WriteStateAsync();
        }
        return await GrainFactory.GetGrain<IUserGrain>(name.State.UserId).CreateAsync(user);
    }

    public Task<string?> GetUserIdAsync() => Task.FromResult(name.State.UserId);

    public Task<SignInTicket> BeginSignInAsync() =>
        Task.FromResult(new SignInTicket(name.State.UserId, _failures.Delay(time.GetUtcNow(), options.Value)));

    public Task CountFailedSignInAsync()
    {
        _failures.Count(time.GetUtcNow(), options.Value);
        return Task.CompletedTask;
    }
}
