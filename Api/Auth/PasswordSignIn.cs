using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Orleans;
using Spaces.Api.Hubs;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Auth;

/// <summary>
/// Registration and password sign-in, shared by the JSON API and the form routes. The user name's grain says how long
/// a sign-in for it waits (longer while the name is being guessed, from anywhere); the user's grain checks the password
/// and counts a failure against the caller's address in one turn, locking only that address out. This class validates
/// input, waits, and issues the session cookie, whose session the grain can end (sign-out, password change), closing
/// the hub connections that session opened.
/// </summary>
public sealed class PasswordSignIn(IGrainFactory grains, TimeProvider time, PasswordRules rules, HubConnections connections)
{
    private static readonly PasswordHasher<string> DecoyHasher = new();

    /// <summary>Checked when the name is unknown, so that takes as long as a wrong password for a known name.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => DecoyHasher.HashPassword("", Guid.NewGuid().ToString()));

    public async Task<UserAccount> RegisterAsync(string? username, string? password, bool isAdmin, CancellationToken cancellationToken)
    {
        username = username?.Trim() ?? "";
        if (username.Length is < 3 or > 64 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new SpacesException(ErrorCode.InvalidInput, "A username has 3 to 64 letters, digits, '_', '-' or '.'") { Reason = "UserNameForm" };
        }
        password ??= "";
        if (rules.Problem(username, password) is { } problem)
        {
            throw problem;
        }
        cancellationToken.ThrowIfCancellationRequested();
        return await grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(username)).RegisterAsync(new NewUser(username, new Secret(password), isAdmin));
    }

    /// <summary>Checks the password and, if right, signs the user in with the session cookie.</summary>
    public async Task<UserAccount> SignInAsync(HttpContext context, string? username, string? password)
    {
        var name = username?.Trim() ?? "";
        var nameGrain = name.Length is 0 or > 64 ? null : grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(name));
        var userId = nameGrain is null ? null : await WaitTurnAsync(nameGrain, context.RequestAborted);
        if (userId is null || string.IsNullOrEmpty(password) || password.Length > PasswordRules.MaxLength)
        {
            DecoyHasher.VerifyHashedPassword("", DecoyHash.Value, password ?? "");
            await CountFailureAsync(nameGrain);
            throw Invalid();
        }
        var outcome = await grains.GetGrain<IUserGrain>(userId).SignInAsync(new Secret(password), ClientAddress.Of(context));
        if (outcome.LockedUntil is { } until)
        {
            throw LockedOut(until);
        }
        if (outcome.User is not { } user)
        {
            await CountFailureAsync(nameGrain);
            throw Invalid();
        }
        var session = outcome.SessionId ?? throw new InvalidOperationException("A successful sign-in always starts a session");
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(user, session));
        return user;
    }

    /// <summary>
    /// Ends the caller's session in their grain, so a copy of the cookie is refused too, closes the hub connections it
    /// opened on this host, then deletes the cookie.
    /// </summary>
    public async Task SignOutAsync(HttpContext context)
    {
        if (context.User.UserId() is { } userId && context.User.SessionId() is { } session)
        {
            await grains.GetGrain<IUserGrain>(userId).EndSessionAsync(session);
            connections.AbortBySession(userId, s => s == session);
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>
    /// Changes the signed-in caller's password; their other sessions end and their hub connections close, this one
    /// goes on. A wrong current password is <c>WrongPassword</c> (403), not a failed sign-in: the caller stays signed in.
    /// </summary>
    public async Task ChangePasswordAsync(HttpContext context, string? currentPassword, string? newPassword)
    {
        var userId = context.User.RequiredUserId();
        var session = context.User.SessionId() ?? throw new InvalidOperationException("SessionCheck admits only cookies with a session");
        var name = context.User.FindFirstValue(ClaimTypes.Name) ?? "";
        newPassword ??= "";
        if (rules.Problem(name, newPassword) is { } problem)
        {
            throw problem;
        }
        // Slowed and counted like a sign-in: this form is one more place to guess the password of a stolen session's user.
        var nameGrain = grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(name));
        await WaitTurnAsync(nameGrain, context.RequestAborted);
        if (string.IsNullOrEmpty(currentPassword) || currentPassword.Length > PasswordRules.MaxLength)
        {
            await CountFailureAsync(nameGrain);
            throw WrongPassword();
        }
        var outcome = await grains.GetGrain<IUserGrain>(userId)
            .ChangePasswordAsync(new Secret(currentPassword), new Secret(newPassword), session, ClientAddress.Of(context));
        if (outcome.LockedUntil is { } until)
        {
            throw LockedOut(until);
        }
        if (outcome.User is null)
        {
            await CountFailureAsync(nameGrain);
            throw WrongPassword();
        }
        connections.AbortBySession(userId, s => s != session);
    }

    /// <summary>Waits as long as the name's recent failures ask (nothing, usually), then returns who holds the name.</summary>
    private async Task<string?> WaitTurnAsync(IUserNameGrain nameGrain, CancellationToken cancellationToken)
    {
        var ticket = await nameGrain.BeginSignInAsync();
        if (ticket.Delay > TimeSpan.Zero)
        {
            await Task.Delay(ticket.Delay, time, cancellationToken);
        }
        return ticket.UserId;
    }

    private static Task CountFailureAsync(IUserNameGrain? nameGrain) => nameGrain?.CountFailedSignInAsync() ?? Task.CompletedTask;

    private SpacesException LockedOut(DateTimeOffset until)
    {
        var wait = until - time.GetUtcNow();
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return new SpacesException(ErrorCode.LockedOut, $"Too many failed sign-ins from this address. Try again in {minutes} minute(s).")
        {
            RetryAfter = wait,
        };
    }

    private static ClaimsPrincipal Principal(UserAccount user, string session)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.Username), new(SpacesClaims.Session, session)];
        if (user.IsAdmin)
        {
            claims.Add(new Claim(SpacesClaims.Admin, "true"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private static SpacesException Invalid() => new(ErrorCode.InvalidCredentials, "Invalid username or password");

    private static SpacesException WrongPassword() => new(ErrorCode.WrongPassword, "The current password is wrong");
}
