using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Silo.Stores;

namespace Spaces.Api.Auth;

/// <summary>Registration and password sign-in with lockout, shared by the JSON API and the form routes.</summary>
public sealed partial class PasswordSignIn(
    IUserStore users, TimeProvider time, IOptions<AccountOptions> options, PasswordRules rules, SignInFailures failures, ILogger<PasswordSignIn> logger)
{
    private static readonly UserRecord Decoy = new() { Id = "", Username = "", PasswordHash = "", IsAdmin = false, CreatedAt = 0 };

    private readonly PasswordHasher<UserRecord> _hasher = new();

    /// <summary>Checked when the name is unknown, so that takes as long as a wrong password for a known name.</summary>
    private readonly Lazy<string> _decoyHash = new(() => new PasswordHasher<UserRecord>().HashPassword(Decoy, Guid.NewGuid().ToString()));

    public async Task<UserRecord> RegisterAsync(string? username, string? password, bool isAdmin, CancellationToken cancellationToken)
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
        var user = new UserRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            Username = username,
            PasswordHash = "",
            IsAdmin = isAdmin,
            CreatedAt = time.GetUtcNow().ToUnixTimeMilliseconds(),
        };
        user = user with { PasswordHash = _hasher.HashPassword(user, password) };
        if (!await users.TryCreateAsync(user, cancellationToken))
        {
            throw new SpacesException(ErrorCode.UsernameTaken, $"The username {username} is taken");
        }
        return user;
    }

    /// <summary>Checks the password and, if right, signs the user in with the session cookie.</summary>
    public async Task<UserRecord> SignInAsync(HttpContext context, string? username, string? password)
    {
        var cancellationToken = context.RequestAborted;
        var name = username?.Trim() ?? "";
        failures.ThrowIfExhausted(name);
        var user = name.Length == 0 ? null : await users.FindByNameAsync(name, cancellationToken);
        if (user is null || string.IsNullOrEmpty(password))
        {
            _hasher.VerifyHashedPassword(Decoy, _decoyHash.Value, password ?? "");
            failures.Count(name);
            throw Invalid();
        }
        var now = time.GetUtcNow();
        if (user.LockedUntil is { } until && until > now.ToUnixTimeMilliseconds())
        {
            var minutes = Math.Max(1, (int)Math.Ceiling((until - now.ToUnixTimeMilliseconds()) / 60000.0));
            throw new SpacesException(ErrorCode.LockedOut, $"Too many failed sign-ins. Try again in {minutes} minute(s).");
        }
        var verdict = _hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            failures.Count(name);
            var failed = user.FailedLogins + 1;
            var lockout = failed >= options.Value.MaxFailedSignIns;
            await users.SaveLoginStateAsync(user.Id, lockout ? 0 : failed, lockout ? (now + options.Value.LockoutDuration).ToUnixTimeMilliseconds() : null, cancellationToken);
            if (lockout)
            {
                Log.LockedOut(logger, user.Id);
            }
            throw Invalid();
        }
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await users.UpdatePasswordHashAsync(user.Id, _hasher.HashPassword(user, password), cancellationToken);
        }
        if (user.FailedLogins != 0 || user.LockedUntil is not null)
        {
            await users.SaveLoginStateAsync(user.Id, 0, null, cancellationToken);
        }
        await context.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, Principal(user));
        return user;
    }

    private static ClaimsPrincipal Principal(UserRecord user)
    {
        List<Claim> claims = [new(ClaimTypes.NameIdentifier, user.Id), new(ClaimTypes.Name, user.Username)];
        if (user.IsAdmin)
        {
            claims.Add(new Claim(SpacesClaims.Admin, "true"));
        }
        return new ClaimsPrincipal(new ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme));
    }

    private static SpacesException Invalid() => new(ErrorCode.InvalidCredentials, "Invalid username or password");

    private static partial class Log
    {
        [LoggerMessage(2001, LogLevel.Warning, "User {UserId} locked out after repeated failed sign-ins")]
        public static partial void LockedOut(ILogger logger, string userId);
    }
}
