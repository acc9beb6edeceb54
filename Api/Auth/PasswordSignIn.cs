using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Orleans;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;

namespace Spaces.Api.Auth;

/// <summary>
/// Registration and password sign-in, shared by the JSON API and the form routes. The user's grain checks the password
/// and counts failures in one turn; this class validates input, throttles by user name and issues the session cookie,
/// whose session the grain can end (sign-out, password change).
/// </summary>
public sealed class PasswordSignIn(IGrainFactory grains, TimeProvider time, PasswordRules rules, SignInFailures failures)
{
    private static readonly PasswordHasher<string> DecoyHasher = new();

    /// <summary>Checked when the name is unknown, so that takes as long as a wrong password for a known name.</summary>
    private static readonly Lazy<string> DecoyHash = new(() => DecoyHasher.HashPassword("", Guid.NewGuid().ToString()));

    public async Task<UserAccount> RegisterAsync(string? username, string? password, bool isAdmin, CancellationToken cancellationToken)
    {
        username = username?.Trim() ?? "";
        if (username.Length is < 3 or > 64 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new SpacesException(ErrorCode.InvalidInput, "A username has 3 to 64 letters, digits, '_', '-' or '.'");
        }
        password ??= "";
        if (rules.Problem(username, password) is { } problem)
        {
            throw new SpacesException(ErrorCode.InvalidInput, problem);
        }
        cancellationToken.ThrowIfCancellationRequested();
        return await grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(username)).RegisterAsync(new NewUser(username, new Secret(password), isAdmin));
    }

    /// <summary>Checks the password and, if right, signs the user in with the session cookie.</summary>
    public async Task<UserAccount> SignInAsync(HttpContext context, string? username, string? password)
    {
        var name = username?.Trim() ?? "";
        failures.ThrowIfExhausted(name);
        var userId = name.Length is 0 or > 64 ? null : await grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(name)).GetUserIdAsync();
        if (userId is null || string.IsNullOrEmpty(password) || password.Length > 256)
        {
            DecoyHasher.VerifyHashedPassword("", DecoyHash.Value, password ?? "");
            failures.Count(name);
            throw Invalid();
        }
        var outcome = await grains.GetGrain<IUserGrain>(userId).SignInAsync(new Secret(password));
        if (outcome.LockedUntil is { } until)
        {
            throw LockedOut(until);
        }
        if (outcome.User is not { } user)
        {
            failures.Count(name);
            throw Invalid();
        }
        var session = outcome.SessionId ?? throw new InvalidOperationException("A successful sign-in always starts a session");
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(user, session));
        return user;
    }

    /// <summary>Ends the caller's session in their grain, so a copy of the cookie is refused too, then deletes the cookie.</summary>
    public async Task SignOutAsync(HttpContext context)
    {
        if (context.User.UserId() is { } userId && context.User.SessionId() is { } session)
        {
            await grains.GetGrain<IUserGrain>(userId).EndSessionAsync(session);
        }
        await context.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
    }

    /// <summary>Changes the signed-in caller's password; their other sessions end, this one goes on.</summary>
    public async Task ChangePasswordAsync(HttpContext context, string? currentPassword, string? newPassword)
    {
        var userId = context.User.RequiredUserId();
        var session = context.User.SessionId() ?? throw new InvalidOperationException("SessionCheck admits only cookies with a session");
        var name = context.User.FindFirstValue(ClaimTypes.Name) ?? "";
        // The same throttle as sign-in: this form is one more place to guess the password of a stolen session's user.
        failures.ThrowIfExhausted(name);
        newPassword ??= "";
        if (rules.Problem(name, newPassword) is { } problem)
        {
            throw new SpacesException(ErrorCode.InvalidInput, problem);
        }
        if (string.IsNullOrEmpty(currentPassword) || currentPassword.Length > 256)
        {
            failures.Count(name);
            throw new SpacesException(ErrorCode.InvalidCredentials, "The current password is wrong");
        }
        var outcome = await grains.GetGrain<IUserGrain>(userId).ChangePasswordAsync(new Secret(currentPassword), new Secret(newPassword), session);
        if (outcome.LockedUntil is { } until)
        {
            throw LockedOut(until);
        }
        if (outcome.User is null)
        {
            failures.Count(name);
            throw new SpacesException(ErrorCode.InvalidCredentials, "The current password is wrong");
        }
    }

    private SpacesException LockedOut(DateTimeOffset until)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling((until - time.GetUtcNow()).TotalMinutes));
        return new SpacesException(ErrorCode.LockedOut, $"Too many failed sign-ins. Try again in {minutes} minute(s).");
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
}
