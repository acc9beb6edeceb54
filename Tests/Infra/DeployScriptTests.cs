using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using Spaces.Tests.Infrastructure;

namespace Spaces.Tests.Infra;

/// <summary>
/// scripts/deploy.sh up to the Azure calls, which cannot run here: the package it builds is what App Service's Linux
/// .NET stack runs (it starts and answers /health), and the Azure steps it would take are the ones the README lists.
/// </summary>
[Collection(DeployScriptCollection.Name)]
public sealed class DeployScriptTests : IDisposable
{
    private const string Password = "a-deploy-test-password";
    private readonly TempFolder _work = new();

    [Fact]
    public async Task DryRun_PackagesAZipThatServes_AndPrintsTheAzureStepsWithoutThePassword()
    {
        var output = Path.Combine(_work.Path, "deploy");

        var printed = await ExternalProcess.RunRepoScriptAsync("deploy.sh",
            ["--dry-run", "--environment", "dev", "--resource-group", "rg-spaces-test", "--location", "westeurope", "--output", output,
                "--parameter", "dataProtectionCertificateName=spaces-data-protection"],
            "the deployment's dry run (dotnet publish and zip)", TimeSpan.FromMinutes(15),
            new Dictionary<string, string> { ["SPACES_ADMIN_PASSWORD"] = Password });

        var steps = printed.Split('\n').Where(l => l.StartsWith("+ ", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, steps.Count);
        Assert.StartsWith("+ az group create --name rg-spaces-test --location westeurope", steps[0], StringComparison.Ordinal);
        Assert.StartsWith("+ az deployment group create --resource-group rg-spaces-test", steps[1], StringComparison.Ordinal);
        Assert.Contains(RepoPaths.Of("infra", "env", "dev.bicepparam"), steps[1], StringComparison.Ordinal);
        Assert.Contains("dev.bicepparam --parameters dataProtectionCertificateName=spaces-data-protection --output none", steps[1], StringComparison.Ordinal);
        var zip = Path.Combine(output, "spaces-api.zip");
        Assert.StartsWith("+ az webapp deploy --resource-group rg-spaces-test --name \\<appName\\>", steps[2], StringComparison.Ordinal);
        Assert.Contains($"--src-path {zip} --type zip", steps[2], StringComparison.Ordinal);
        Assert.Equal("+ wait for <appUrl>/health/ready", steps[3]);
        Assert.DoesNotContain(Password, printed, StringComparison.Ordinal);

        var site = Path.Combine(_work.Path, "wwwroot");
        ZipFile.ExtractToDirectory(zip, site);
        Assert.Contains("Microsoft.AspNetCore.App", await File.ReadAllTextAsync(Path.Combine(site, "Spaces.Api.runtimeconfig.json")), StringComparison.Ordinal);
        await AssertServesAsync(site);
    }

    [Fact]
    public async Task Deploy_WithoutAnAdminPassword_IsRefusedBeforeAnythingIsBuilt()
    {
        var output = Path.Combine(_work.Path, "deploy");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExternalProcess.RunRepoScriptAsync("deploy.sh",
            ["--environment", "prod", "--resource-group", "rg-spaces-test", "--output", output], "a deployment without a password",
            TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["SPACES_ADMIN_PASSWORD"] = "" }));

        Assert.Contains("set SPACES_ADMIN_PASSWORD", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Deploy_WithAParameterThatIsNotNameEqualsValue_IsRefusedBeforeAnythingIsBuilt()
    {
        var output = Path.Combine(_work.Path, "deploy");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ExternalProcess.RunRepoScriptAsync("deploy.sh",
            ["--environment", "dev", "--resource-group", "rg-spaces-test", "--output", output, "--parameter", "dataProtectionCertificateName"],
            "a deployment with a malformed parameter", TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["SPACES_ADMIN_PASSWORD"] = Password }));

        Assert.Contains("--parameter takes NAME=VALUE, got 'dataProtectionCertificateName'", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output));
    }

    /// <summary>Starts the unpacked package as App Service does (<c>dotnet Spaces.Api.dll</c>) and waits for /health.</summary>
    private async Task AssertServesAsync(string site)
    {
        var port = HostProcess.FreePort();
        var info = new ProcessStartInfo("dotnet", ["Spaces.Api.dll", "--urls", $"http://127.0.0.1:{port}"])
        {
            WorkingDirectory = site,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["Spaces__DataPath"] = Path.Combine(_work.Path, "data");
        info.Environment["Spaces__Admin__Password"] = Password;
        info.Environment["Spaces__Cluster__SiloPort"] = $"{HostProcess.FreeSiloPort()}";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start the packaged host");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            await Wait.UntilAsync(async () =>
            {
                Assert.False(process.HasExited, $"the packaged host exited with {(process.HasExited ? process.ExitCode : 0)}");
                try
                {
                    return (await http.GetAsync("/health")).StatusCode == HttpStatusCode.OK;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            }, "the packaged host to answer /health", TimeSpan.FromSeconds(90));
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public void Dispose() => _work.Dispose();
}

/// <summary>A Release publish takes both cores for minutes: it runs alone, so it stretches no other test's bounded waits.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeployScriptCollection
{
    public const string Name = "Deploy script";
}
