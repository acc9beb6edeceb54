using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Spaces.Api.Hosting;

/// <summary>
/// The certificates the data-protection keys are encrypted to: <c>Spaces:DataProtection:Certificate</c> and, while keys
/// written under it are still in use, <c>Spaces:DataProtection:PreviousCertificate</c>. Each is a PKCS#12 (PFX) file
/// without a password, in base64: what a Key Vault reference to a certificate's secret gives an App Service setting.
/// </summary>
public sealed record DataProtectionCertificates(X509Certificate2 Current, X509Certificate2? Previous)
{
    public const string CertificateKey = "Spaces:DataProtection:Certificate";
    public const string PreviousCertificateKey = "Spaces:DataProtection:PreviousCertificate";

    /// <summary>Null when no certificate is configured; throws, naming the key, when one cannot be used.</summary>
    public static DataProtectionCertificates? From(IConfiguration configuration)
    {
        var current = Load(configuration, CertificateKey);
        var previous = Load(configuration, PreviousCertificateKey);
        if (current is null)
        {
            return previous is null
                ? null
                : throw new InvalidOperationException($"{PreviousCertificateKey} is set without {CertificateKey}: set the certificate new keys are encrypted to");
        }
        return new DataProtectionCertificates(current, previous);
    }

    private static X509Certificate2? Load(IConfiguration configuration, string key)
    {
        if (configuration[key] is not { Length: > 0 } text)
        {
            return null;
        }
        X509Certificate2 certificate;
        try
        {
            // Ephemeral: the private key stays in memory, never in a key file of the machine's user profile.
            certificate = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(text), password: null, X509KeyStorageFlags.EphemeralKeySet);
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            throw new InvalidOperationException($"{key} is not a base64 PKCS#12 (PFX) certificate without a password: {e.Message}", e);
        }
        using var privateKey = certificate.GetRSAPrivateKey();
        return privateKey is not null
            ? certificate
            : throw new InvalidOperationException($"{key} holds no RSA private key: the keys are encrypted to an RSA certificate and read back with its private key");
    }
}
