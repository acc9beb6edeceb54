using System.Security.Cryptography;
using System.Text;

namespace Spaces.Api.Auth;

/// <summary>
/// Worker tokens look like <c>spw_{id}_{secret}</c>. Only SHA-256 of the secret is stored: the secret is 256 random
/// bits, so a fast hash is as strong as a slow one here, and lookups by id keep validation O(1).
/// </summary>
public static class WorkerTokens
{
    private const string Prefix = "spw_";

    public static (string Id, string Token, string SecretHash) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}", Hash(secret));
    }

    public static bool TryParse(string? token, out string id, out string secret)
    {
        id = secret = "";
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return false;
        }
        var rest = token[Prefix.Length..];
        var split = rest.IndexOf('_', StringComparison.Ordinal);
        if (split != 16)
        {
            return false;
        }
        (id, secret) = (rest[..split], rest[(split + 1)..]);
        return secret.Length > 0;
    }

    public static bool Verify(string secret, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));

    private static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
