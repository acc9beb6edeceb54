using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Grains.Accounts;

/// <summary>
/// A user's password hash, failed sign-ins per client address and live sessions (<c>UserGrain.Sessions.cs</c>). The
/// password is checked inside the turn that counts the failure: a burst of parallel guesses is taken one at a time, so
/// no more than <see cref="AccountOptions.MaxFailedSignIns"/> of an address's guesses are ever checked before that
/// address is locked out. Only that address: the real user elsewhere still signs in, so a guesser cannot lock them out.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", GrainStorage.Name)] IPersistentState<UserState> user,
    TimeProvider time,
    IOptions<AccountOptions> options,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private static readonly PasswordHasher<UserState> Hasher = new();

    private readonly AddressFailures _failures = new();

    private string Id => this.GetPrimaryKeyString();

    public async Task<UserAccount> CreateAsync(NewUser newUser)
    {
        if (user.RecordExists)
        {
            throw new SpacesException(ErrorCode.UsernameTaken, $"The username {user.State.Username} is taken");
        }
        var state = new UserState { Username = newUser.Username, IsAdmin = newUser.IsAdmin, CreatedAt = time.GetUtcNow() };
        state.PasswordHash = Hasher.HashPassword(state, newUser.Password.Value);
        user.State = state;
        await user.WriteStateAsync();
        return View();
    }

    public Task<UserAccount?> GetAsync() => Task.FromResult(user.RecordExists ? View() : null);

    public async Task<SignInOutcome> SignInAsync(Secret password, string clientAddress)
    {
        if (CheckPassword(password, clientAddress) is { } refusal)
        {
            return refusal;
        }
        var session = StartSession();
        await user.WriteStateAsync();
        return new SignInOutcome(View(), null, session.Id);
    }

    public async Task<SignInOutcome> ChangePasswordAsync(Secret current, Secret next, string keepSessionId, string clientAddress)
    {
        if (CheckPassword(current, clientAddress) is { } refusal)
        {
            return refusal;
        }
        user.State.PasswordHash = Hasher.HashPassword(user.State, next.Value);
        // Whoever else holds a cookie for this user, perhaps the one who learned the old password, is signed out.
        user.State.Sessions.RemoveAll(s => s.Id != keepSessionId);
        await user.WriteStateAsync();
        Log.PasswordChanged(logger, Id);
        return new SignInOutcome(View(), null, keepSessionId);
    }

    /// <summary>
    /// Null when the password is right (the address's failures then cleared, the hash upgraded if due; the caller
    /// writes the state), else the refusal. Checked and counted in one turn, so parallel guesses are taken in turn.
    /// </summary>
    private SignInOutcome? CheckPassword(Secret password, string clientAddress)
    {
        if (!user.RecordExists)
        {
            return SignInOutcome.Invalid;
        }
        var state = user.State;
        var now = time.GetUtcNow();
        if (_failures.LockedUntil(clientAddress, now) is { } until)
        {
            return new SignInOutcome(null, until);
        }
        var verdict = Hasher.VerifyHashedPassword(state, state.PasswordHash, password.Value);
        if (verdict == PasswordVerificationResult.Failed)
        {
            if (_failures.Count(clientAddress, now, options.Value.MaxFailedSignIns, options.Value.LockoutDuration))
            {
                Log.LockedOut(logger, Id, clientAddress);
            }
            return SignInOutcome.Invalid;
        }
        _failures.Clear(clientAddress);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            state.PasswordHash = Hasher.HashPassword(state, password.Value);
        }
        return null;
    }

    private UserAccount View() => new(Id, user.State.Username, user.State.IsAdmin, user.State.CreatedAt);

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Warning, "Address {ClientAddress} locked out of user {UserId} after repeated failed sign-ins")]
        public static partial void LockedOut(ILogger logger, string userId, string clientAddress);

        [LoggerMessage(2002, LogLevel.Information, "User {UserId} changed their password; their other sessions ended")]
        public static partial void PasswordChanged(ILogger logger, string userId);
    }
}
