using Orleans;
using Orleans.Concurrency;

namespace Spaces.Grains.Abstractions.Accounts;

/// <summary>
/// A user name (key: the name in lower case) and the user who holds it. Names are claimed here, one turn at a time,
/// so two registrations of one name on two hosts cannot both win.
/// </summary>
public interface IUserNameGrain : IGrainWithStringKey
{
    /// <summary>The grain key of a user name: names are unique whatever their case.</summary>
    static string KeyOf(string username) => username.Trim().ToLowerInvariant();

    /// <summary>Registers a user under this name; <c>UsernameTaken</c> when someone holds it.</summary>
    Task<UserAccount> RegisterAsync(NewUser user);

    /// <summary>The id of the user holding this name, or null.</summary>
    [ReadOnly]
    Task<string?> GetUserIdAsync();

    /// <summary>Who holds the name and how long a sign-in for it waits, known name or not (the same for both).</summary>
    Task<SignInTicket> BeginSignInAsync();

    /// <summary>A failed sign-in for this name from any address: later sign-ins for it wait longer.</summary>
    Task CountFailedSignInAsync();
}
