using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Spaces.Grains.Abstractions.Errors;
using Spaces.Grains.Accounts;

namespace Spaces.Api.Auth;

/// <summary>
/// What a new password must be: long enough, more than whitespace, not the user name, and not one of the ~49,000
/// most common passwords (the list of the zxcvbn-ts <c>language-common</c> package, embedded at build).
/// </summary>
public sealed class PasswordRules(IOptions<AccountOptions> options)
{
    public const int MaxLength = 256;

    private const string ListResource = "Spaces.Api.Auth.common-passwords.json";

    private static readonly Lazy<FrozenSet<string>> Common = new(LoadCommon);

    /// <summary>Why the password is refused (an <c>InvalidInput</c> refusal whose reason names the rule), or null when it will do.</summary>
    public SpacesException? Problem(string username, string password)
    {
        var min = options.Value.MinPasswordLength;
        if (password.Length < min || password.Length > MaxLength)
        {
            return Refusal("PasswordLength", $"A password has {min} to {MaxLength} characters", $"{min}", $"{MaxLength}");
        }
        if (string.IsNullOrWhiteSpace(password))
        {
            return Refusal("PasswordBlank", "A password cannot be only spaces");
        }
        if (password.Trim().Equals(username, StringComparison.OrdinalIgnoreCase))
        {
            return Refusal("PasswordIsUserName", "A password cannot be the user name");
        }
        return Common.Value.Contains(password) ? Refusal("PasswordCommon", "This password is one of the most common ones; choose another") : null;
    }

    /// <summary>Every reason <see cref="Problem"/> gives, for the test that each has its words in every language.</summary>
    public static readonly string[] Reasons = ["PasswordLength", "PasswordBlank", "PasswordIsUserName", "PasswordCommon"];

    private static SpacesException Refusal(string reason, string detail, params string[] args) =>
        new(ErrorCode.InvalidInput, detail) { Reason = reason, ReasonArgs = args };

    private static FrozenSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordRules).Assembly.GetManifestResourceStream(ListResource)
            ?? throw new InvalidOperationException($"The embedded resource {ListResource} is missing: the build takes it from npm (npm ci in Api/)");
        var list = JsonSerializer.Deserialize<string[]>(stream) ?? [];
        return list.ToFrozenSet(StringComparer.OrdinalIgnoreCase);
    }
}
