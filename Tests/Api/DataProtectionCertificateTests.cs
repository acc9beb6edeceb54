using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Configuration;
using Spaces.Api.Hosting;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Api;

/// <summary>
/// The data-protection keys (which sign the session cookies) encrypted to a configured certificate: unreadable in
/// storage without it, readable after a restart with it, and through a rotation with the previous one beside it.
/// </summary>
public sealed class DataProtectionCertificateTests
{
    [Fact]
    public async Task WithACertificate_StoredKeysAreEncrypted_ACookieOutlivesARestart_AndWithoutTheCertificateItIsRefused()
    {
        using var data = new TempFolder();
        var certificate = Settings(current: TestCertificates.NewPkcs12("spaces-keys"));
        var cookie = await SignInAsync(certificate, data.Path);

        var keys = Directory.GetFiles(Path.Combine(data.Path, "keys"), "key-*.xml");
        Assert.NotEmpty(keys);
        Assert.All(keys, file =>
        {
            var xml = File.ReadAllText(file);
            Assert.Contains("EncryptedXmlDecryptor", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
        Assert.Equal(HttpStatusCode.OK, await MeAsync(certificate, data.Path, cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(null, data.Path, cookie));
    }

    [Fact]
    public async Task AfterARotation_KeysOfThePreviousCertificateStillRead_OnlyWhileItIsConfigured()
    {
        using var data = new TempFolder();
        var old = TestCertificates.NewPkcs12("spaces-keys-2025");
        var cookie = await SignInAsync(Settings(current: old), data.Path);
        var renewed = TestCertificates.NewPkcs12("spaces-keys-2026");

        Assert.Equal(HttpStatusCode.OK, await MeAsync(Settings(current: renewed, previous: old), data.Path, cookie));
        Assert.Equal(HttpStatusCode.Unauthorized, await MeAsync(Settings(current: renewed), data.Path, cookie));
    }

    [Theory]
    [InlineData("Spaces:DataProtection:Certificate", "not base64 at all", "is not a base64 PKCS#12")]
    [InlineData("Spaces:DataProtection:Certificate", "c3BhY2Vz", "is not a base64 PKCS#12")]
    [InlineData("Spaces:DataProtection:Certificate", "password-protected", "is not a base64 PKCS#12")]
    [InlineData("Spaces:DataProtection:Certificate", "public-only", "holds no RSA private key")]
    [InlineData("Spaces:DataProtection:PreviousCertificate", "valid", "is set without Spaces:DataProtection:Certificate")]
    public void ACertificateThatCannotBeUsed_StopsTheStart_NamingItsKey(string key, string value, string message)
    {
        var text = value switch
        {
            "password-protected" => TestCertificates.NewPkcs12("locked", password: "secret"),
            "public-only" => PublicOnly(TestCertificates.NewPkcs12("public")),
            "valid" => TestCertificates.NewPkcs12("valid"),
            _ => value,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = text }).Build();

        var error = Assert.Throws<InvalidOperationException>(() => DataProtectionCertificates.From(configuration));

        Assert.StartsWith(key, error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheHost_DoesNotStart_WithACertificateSettingItCannotUse()
    {
        using var data = new TempFolder();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => SpacesHost.StartAsync(Settings(current: "c3BhY2Vz"), data.Path));

        Assert.StartsWith(DataProtectionCertificates.CertificateKey, error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> Settings(string current, string? previous = null) => new()
    {
        [DataProtectionCertificates.CertificateKey] = current,
        [DataProtectionCertificates.PreviousCertificateKey] = previous,
    };

    private static async Task<string> SignInAsync(Dictionary<string, string?> settings, string dataPath)
    {
        await using var host = await SpacesHost.StartAsync(settings, dataPath);
        using var admin = await ApiClient.AdminAsync(host);
        return admin.CookieHeader;
    }

    /// <summary>What <c>/api/auth/me</c> answers a host started on <paramref name="dataPath"/> for the cookie.</summary>
    private static async Task<HttpStatusCode> MeAsync(Dictionary<string, string?>? settings, string dataPath, string cookie)
    {
        await using var host = await SpacesHost.StartAsync(settings, dataPath);
        using var http = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/auth/me") { Headers = { { "Cookie", cookie } } };
        return (await http.SendAsync(request)).StatusCode;
    }

    private static string PublicOnly(string pkcs12)
    {
        using var withKey = X509CertificateLoader.LoadPkcs12(Convert.FromBase64String(pkcs12), password: null);
        using var certificate = X509CertificateLoader.LoadCertificate(withKey.RawData);
        return Convert.ToBase64String(certificate.Export(X509ContentType.Pkcs12));
    }
}
