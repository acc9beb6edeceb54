using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Spaces.Tests.Infrastructure;

public static class TestCertificates
{
    /// <summary>A self-signed RSA certificate with its private key as Key Vault hands a certificate's secret out: PKCS#12 in base64.</summary>
    public static string NewPkcs12(string name, string? password = null)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12, password));
    }
}
