using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Grains.Accounts;

/// <summary>
/// A user's password hash, failed sign-ins and live sessions (<c>UserGrain.Sessions.cs</c>). The password is checked inside the turn that counts the failure: a
/// burst of parallel guesses is taken one at a time, so no more than <see cref="AccountOptions.MaxFailedSignIns"/>
/// of them are ever checked before the lockout.
/// </summary>
public sealed partial class UserGrain(
    [PersistentState("user", GrainStorage.Name)] IPersistentState<UserState> user,
    TimeProvider time,
    IOptions<AccountOptions> options,
    ILogger<UserGrain> logger) : Grain, IUserGrain
{
    private static readonly PasswordHasher<UserState> Hasher = new();

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

    public async Task<SignInOutcome> SignInAsync(Secret password)
    {
        if (CheckPassword(password) is { } refusal)
        {
            await WriteIfChangedAsync(refusal.Changed);
            return refusal.Outcome;
        }
        var session = StartSession();
        await user.WriteStateAsync();
        return new SignInOutcome(View(), null, session.Id);
    }

    public async Task<SignInOutcome> ChangePasswordAsync(Secret current, Secret next, string keepSessionId)
    {
        if (CheckPassword(current) is { } refusal)
        {
            await WriteIfChangedAsync(refusal.Changed);
            return refusal.Outcome;
        }
        user.State.PasswordHash = Hasher.HashPassword(user.State, next.Value);
        // Whoever else holds a cookie for this user, perhaps the one who learned the old password, is signed out.
        user.State.Sessions.RemoveAll(s => s.Id != keepSessionId);
        await user.WriteStateAsync();
        Log.PasswordChanged(logger, Id);
        return new SignInOutcome(View(), null, keepSessionId);
    }

    /// <summary>
    /// Null when the password is right (the failure count and lockout then cleared, the hash upgraded if due), else the
    /// refusal and whether the state changed. Checked and counted in one turn, so parallel guesses are taken in turn.
    /// </summary>
    private (SignInOutcome Outcome, bool Changed)? CheckPassword(Secret password)
    {
        if (!user.RecordExists)
        {
            return (SignInOutcome.Invalid, false);
        }
        var state = user.State;
        var now = time.GetUtcNow();
        if (state.LockedUntil is { } until && until > now)
        {
            return (new SignInOutcome(null, until), false);
        }
        var verdict = Hasher.VerifyHashedPassword(state, state.PasswordHash, password.Value);
        if (verdict == PasswordVerificationResult.Failed)
        {
            state.FailedSignIns++;
            if (state.FailedSignIns >= options.Value.MaxFailedSignIns)
            {
                state.FailedSignIns = 0;
                state.LockedUntil = now + options.Value.LockoutDuration;
                Log.LockedOut(logger, Id);
            }
            return (SignInOutcome.Invalid, true);
        }
        state.FailedSignIns = 0;
        state.LockedUntil = null;
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            state.PasswordHash = Hasher.HashPassword(state, password.Value);
        }
        return null;
    }

    private async Task WriteIfChangedAsync(bool changed)
    {
        if (changed)
        {
            await user.WriteStateAsync();
        }
    }

    private UserAccount View() => new(Id, user.State.Username, user.State.IsAdmin, user.State.CreatedAt);

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Warning, "User {UserId} locked out after repeated failed sign-ins")]
        public static partial void LockedOut(ILogger logger, string userId);

        [LoggerMessage(2002, LogLevel.Information, "User {UserId} changed their password; their other sessions ended")]
        public static partial void PasswordChanged(ILogger logger, string userId);
    }
}
