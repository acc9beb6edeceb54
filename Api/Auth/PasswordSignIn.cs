using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Options;
using Orleans;
using Spaces.Grains.Abstractions.Accounts;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Accounts;

namespace Spaces.Api.Auth;

/// <summary>
/// Registration and password sign-in, shared by the JSON API and the form routes. The user's grain checks the password
/// and counts failures in one turn; this class validates input and issues the session cookie.
/// </summary>
public sealed class PasswordSignIn(IGrainFactory grains, TimeProvider time, IOptions<AccountOptions> options)
{
    public async Task<UserAccount> RegisterAsync(string? username, string? password, bool isAdmin, CancellationToken cancellationToken)
    {
        username = username?.Trim() ?? "";
        if (username.Length is < 3 or > 64 || !username.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.'))
        {
            throw new SpacesException(ErrorCode.InvalidInput, "A username has 3 to 64 letters, digits, '_', '-' or '.'");
        }
        if (password is null || password.Length < options.Value.MinPasswordLength || password.Length > 256)
        {
            throw new SpacesException(ErrorCode.InvalidInput, $"A password has {options.Value.MinPasswordLength} to 256 characters");
        }
        cancellationToken.ThrowIfCancellationRequested();
        return await grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(username)).RegisterAsync(new NewUser(username, new Secret(password), isAdmin));
    }

    /// <summary>Checks the password and, if right, signs the user in with the session cookie.</summary>
    public async Task<UserAccount> SignInAsync(HttpContext context, string? username, string? password)
    {
        if (string.IsNullOrWhiteSpace(username) || string.IsNullOrEmpty(password) || username.Length > 64 || password.Length > 256)
        {
            throw Invalid();
        }
        var userId = await grains.GetGrain<IUserNameGrain>(IUserNameGrain.KeyOf(username)).GetUserIdAsync();
        if (userId is null)
        {
            throw Invalid();
        }
        var outcome = await grains.GetGrain<IUserGrain>(userId).SignInAsync(new Secret(password));
        if (outcome.LockedUntil is { } until)
        {
            var minutes = Math.Max(1, (int)Math.Ceiling((until - time.GetUtcNow()).TotalMinutes));
            throw new SpacesException(ErrorCode.LockedOut, $"Too many failed sign-ins. Try again in {minutes} minute(s).");
        }
        var user = outcome.User ?? throw Invalid();
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(user));
        return user;
    }

    private static ClaimsPrincipal Principal(UserAccount user)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.Username)];
        if (user.IsAdmin)
        {
            claims.Add(new Claim(SpacesClaims.Admin, "true"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private static SpacesException Invalid() => new(ErrorCode.InvalidCredentials, "Invalid username or password");
}
