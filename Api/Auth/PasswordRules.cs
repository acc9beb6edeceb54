using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Spaces.Grains.Accounts;

namespace Spaces.Api.Auth;

/// <summary>
/// What a new password must be: long enough, more than whitespace, not the user name, and not one of the ~49,000
/// most common passwords (the list of the zxcvbn-ts <c>language-common</c> package, embedded at build).
/// </summary>
public sealed class PasswordRules(IOptions<AccountOptions> options)
{
    private const string ListResource = "Spaces.Api.Auth.common-passwords.json";

    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommon);

    /// <summary>Why the password is refused, or null when it will do.</summary>
    public string? Problem(string username, string password)
    {
        var min = options.Value.MinPasswordLength;
        if (password.Length < min || password.Length > 256)
        {
            return $"A password has {min} to 256 characters";
        }
        if (string.IsNullOrWhiteSpace(password))
        {
            return "A password cannot be only spaces";
        }
        if (password.Trim().Equals(username, StringComparison.OrdinalIgnoreCase))
        {
            return "A password cannot be the user name";
        }
        return Common.Value.Contains(password) ? "This password is one of the most common ones; choose another" : null;
    }

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream(ListResource)
            ?? throw new InvalidOperationException($"The embedded resource {ListResource} is missing: the build takes it from npm (npm ci in Api/)");
        var list = JsonSerializer.Deserialize<string[]>(stream) ?? [];
        return list.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
