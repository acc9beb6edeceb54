using Orleans;
using Orleans.Concurrency;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>
/// One user (key: the user id): the password hash, the failed sign-ins per client address and the live sessions. A
/// sign-in is checked and counted in one turn, so parallel guesses from one address cannot slip past its lockout.
/// </summary>
public interface IUserGrain : IGrainWithStringKey
{
    /// <summary>Creates the user; called by its <see cref="IUserNameGrain"/>, which owns the name.</summary>
    Task<UserAccount> CreateAsync(NewUser user);

    [ReadOnly]
    Task<UserAccount?> GetAsync();

    /// <summary>
    /// Checks the password unless <paramref name="clientAddress"/> is locked out of this user, counting a wrong one
    /// against that address only; a right one starts a session. Other addresses are never locked out by it.
    /// </summary>
    Task<SignInOutcome> SignInAsync(Secret password, string clientAddress);

    /// <summary>
    /// Replaces the password if <paramref name="current"/> is right (a wrong one counts like a failed sign-in from
    /// <paramref name="clientAddress"/>) and ends every session but <paramref name="keepSessionId"/>, the one that asked.
    /// </summary>
    Task<SignInOutcome> ChangePasswordAsync(Secret current, Secret next, string keepSessionId, string clientAddress);

    /// <summary>True while the session has neither ended nor expired; asked on every cookie-authenticated request.</summary>
    [ReadOnly]
    Task<bool> IsSessionLiveAsync(string sessionId);

    /// <summary>Ends one session (sign-out); ending an unknown or ended one does nothing.</summary>
    Task EndSessionAsync(string sessionId);

    Task EndAllSessionsAsync();
}
