using Orleans;
using Orleans.Concurrency;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>
/// One user (key: the user id): the password hash and the failed sign-ins. A sign-in is checked and counted in one
/// turn, so parallel guesses cannot slip past the lockout.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user; called by its <see cref="IUserNameGrain"/>, which owns the name.</summary>
    Task<UserAccount> CreateAsync(NewUser user);

    [ReadOnly]
    Task<UserAccount?> GetAsync();

    /// <summary>Checks the password unless the user is locked out, counting a wrong one.</summary>
    Task<SignInOutcome> SignInAsync(Secret password);
}
