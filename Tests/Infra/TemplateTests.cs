using System.Text.Json;

namespace Spaces.Tests.Infra;

/// <summary>What infra/main.bicep promises, read in the ARM JSON that Azure would receive.</summary>
public sealed class TemplateTests
{
    private const string StorageBlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string StorageTableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    private static string Text(JsonElement element) => element.GetString() ?? "";

    private static JsonElement Site(CompiledTemplate template) =>
        CompiledTemplate.Resources(template.Module("app"), "Microsoft.Web/sites").Single();

    [Fact]
    public async Task Template_NeverReadsAKey()
    {
        var template = await CompiledTemplate.MainAsync();

        foreach (var keyed in new[] { "listKeys", "listAccountSas", "listServiceSas", "AccountKey=", "SharedAccessSignature" })
        {
            Assert.DoesNotContain(keyed, template.Text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task StorageAccount_RefusesSharedKeysPlainHttpOldTlsAndPublicBlobs()
    {
        var account = CompiledTemplate.Resources((await CompiledTemplate.MainAsync()).Module("storage"), "Microsoft.Storage/storageAccounts").Single();
        var properties = account.GetProperty("properties");

        Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
        Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
        Assert.Equal("TLS1_2", Text(properties.GetProperty("minimumTlsVersion")));
        Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
        Assert.Equal("Deny", Text(properties.GetProperty("networkAcls").GetProperty("defaultAction")));
    }

    [Fact]
    public async Task StorageRoles_OnTheAccount_GiveTheHostsIdentityBlobAndTableDataContributor()
    {
        var template = await CompiledTemplate.MainAsync();
        var storage = template.Module("storage");
        var account = CompiledTemplate.Resources(storage, "Microsoft.Storage/storageAccounts").Single();
        Assert.Equal("[parameters('name')]", Text(account.GetProperty("name")));

        var roles = CompiledTemplate.Resources(storage, "Microsoft.Authorization/roleAssignments");

        Assert.Equal(2, roles.Count);
        Assert.All(roles, role =>
        {
            Assert.Equal("[resourceId('Microsoft.Storage/storageAccounts', parameters('name'))]", Text(role.GetProperty("scope")));
            Assert.Equal("[parameters('principalId')]", Text(role.GetProperty("properties").GetProperty("principalId")));
            Assert.Equal("ServicePrincipal", Text(role.GetProperty("properties").GetProperty("principalType")));
        });
        var definitions = roles.Select(r => CompiledTemplate.WithVariables(storage, Text(r.GetProperty("properties").GetProperty("roleDefinitionId"))));
        Assert.Equal(
            new[] { StorageBlobDataContributor, StorageTableDataContributor }.Select(id => $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{id}')]").Order(),
            definitions.Order());
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'identity'), '2025-04-01').outputs.principalId.value]",
            Text(CompiledTemplate.Passed(storage, "principalId")));
    }

    [Fact]
    public async Task WebApp_IsHttpsOnlyWithTheIdentityAttached()
    {
        var template = await CompiledTemplate.MainAsync();
        var site = Site(template);
        var properties = site.GetProperty("properties");
        var config = properties.GetProperty("siteConfig");

        Assert.True(properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("1.2", Text(config.GetProperty("minTlsVersion")));
        Assert.Equal("Disabled", Text(config.GetProperty("ftpsState")));
        Assert.Equal("UserAssigned", Text(site.GetProperty("identity").GetProperty("type")));
        var attached = site.GetProperty("identity").GetProperty("userAssignedIdentities").EnumerateObject().Single().Name;
        Assert.Equal("[format('{0}', parameters('identityId'))]", attached);
        Assert.Equal("[parameters('identityId')]", Text(properties.GetProperty("keyVaultReferenceIdentity")));
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'identity'), '2025-04-01').outputs.id.value]",
            Text(CompiledTemplate.Passed(template.Module("app"), "identityId")));
        var identity = CompiledTemplate.TemplateOf(template.Module("identity"));
        Assert.Equal(
            "[resourceId('Microsoft.ManagedIdentity/userAssignedIdentities', parameters('name'))]",
            Text(identity.GetProperty("outputs").GetProperty("id").GetProperty("value")));
    }

    [Fact]
    public async Task WebApp_RunsSeveralInstancesOnThePrivateNetworkWithWebSocketsAndHealthProbes()
    {
        var template = await CompiledTemplate.MainAsync();
        var app = template.Module("app");
        var config = Site(template).GetProperty("properties").GetProperty("siteConfig");
        var plan = CompiledTemplate.Resources(app, "Microsoft.Web/serverfarms").Single();

        Assert.True(config.GetProperty("webSocketsEnabled").GetBoolean());
        Assert.Equal("/health/ready", Text(config.GetProperty("healthCheckPath")));
        Assert.Equal("/health", template.AppSettings()["WEBSITE_WARMUP_PATH"]);
        // The silo and gateway ports (AppServicePrivateNetwork) in the VNet integration subnet.
        Assert.Equal(2, config.GetProperty("vnetPrivatePortsCount").GetInt32());
        Assert.Equal("[parameters('appSubnetId')]", Text(Site(template).GetProperty("properties").GetProperty("virtualNetworkSubnetId")));
        Assert.False(Site(template).GetProperty("properties").GetProperty("clientAffinityEnabled").GetBoolean());
        Assert.Equal("[parameters('instanceCount')]", Text(plan.GetProperty("sku").GetProperty("capacity")));
        Assert.Equal(2, CompiledTemplate.TemplateOf(app).GetProperty("parameters").GetProperty("instanceCount").GetProperty("minValue").GetInt32());
        Assert.Equal(2, template.Root.GetProperty("parameters").GetProperty("instanceCount").GetProperty("minValue").GetInt32());
    }

    [Fact]
    public async Task AppSettings_SelectAzureStorageWithTheAccountEndpointAndTheIdentitysClientId()
    {
        var template = await CompiledTemplate.MainAsync();
        var settings = template.AppSettings();

        Assert.Equal("AzureStorage", settings["Spaces__Storage"]);
        Assert.Equal("true", settings["Spaces__ForwardedHeaders__BehindPlatformFrontEnd"]);
        Assert.Equal("[parameters('storageBlobEndpoint')]", settings["ConnectionStrings__AzureStorage"]);
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'storage'), '2025-04-01').outputs.blobEndpoint.value]",
            Text(CompiledTemplate.Passed(template.Module("app"), "storageBlobEndpoint")));
        Assert.Equal(
            "[reference(resourceId('Microsoft.Storage/storageAccounts', parameters('name')), '2024-01-01').primaryEndpoints.blob]",
            Text(CompiledTemplate.TemplateOf(template.Module("storage")).GetProperty("outputs").GetProperty("blobEndpoint").GetProperty("value")));
        Assert.Equal("[parameters('identityClientId')]", settings["AZURE_CLIENT_ID"]);
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'identity'), '2025-04-01').outputs.clientId.value]",
            Text(CompiledTemplate.Passed(template.Module("app"), "identityClientId")));
        Assert.Contains("Spaces__Cluster__ServiceId", settings.Keys);
        Assert.Contains("Spaces__Cluster__ClusterId", settings.Keys);
        // The container the storage module creates is the one the hosts are told to use.
        Assert.Equal("[parameters('blobContainerName')]", settings["Spaces__Storage__BlobContainer"]);
        Assert.Equal("[variables('blobContainerName')]", Text(CompiledTemplate.Passed(template.Module("app"), "blobContainerName")));
        Assert.Equal("[variables('blobContainerName')]", Text(CompiledTemplate.Passed(template.Module("storage"), "blobContainerName")));
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings.Keys);
    }

    [Fact]
    public async Task AdminPassword_IsAKeyVaultReference_AndOnlyTheVaultsSecretHoldsIt()
    {
        var template = await CompiledTemplate.MainAsync();
        var keyVault = template.Module("keyVault");

        Assert.Equal("[format('@Microsoft.KeyVault(SecretUri={0})', parameters('adminPasswordSecretUri'))]", template.AppSettings()["Spaces__Admin__Password"]);
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'keyVault'), '2025-04-01').outputs.adminEntryUri.value]",
            Text(CompiledTemplate.Passed(template.Module("app"), "adminPasswordSecretUri")));
        Assert.Equal("securestring", Text(template.Root.GetProperty("parameters").GetProperty("adminPassword").GetProperty("type")));
        var passedOn = template.Root.GetProperty("resources").EnumerateArray()
            .Where(m => m.GetProperty("properties").GetProperty("parameters").ToString().Contains("parameters('adminPassword')", StringComparison.Ordinal))
            .Select(m => m.GetProperty("name").GetString());
        Assert.Equal(["keyVault"], passedOn);
        var holders = CompiledTemplate.TemplateOf(keyVault).GetProperty("resources").EnumerateArray()
            .Where(r => r.ToString().Contains("parameters('adminPassword')", StringComparison.Ordinal))
            .Select(r => r.GetProperty("type").GetString());
        Assert.Equal(["Microsoft.KeyVault/vaults/secrets"], holders);
        var reader = CompiledTemplate.Resources(keyVault, "Microsoft.Authorization/roleAssignments")
            .Single(r => Text(r.GetProperty("scope")).Contains("'spaces-admin-password'", StringComparison.Ordinal));
        Assert.Equal(
            $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{KeyVaultSecretsUser}')]",
            CompiledTemplate.WithVariables(keyVault, Text(reader.GetProperty("properties").GetProperty("roleDefinitionId"))));
        Assert.True(CompiledTemplate.Resources(keyVault, "Microsoft.KeyVault/vaults").Single()
            .GetProperty("properties").GetProperty("enableRbacAuthorization").GetBoolean());
    }

    [Fact]
    public async Task DataProtectionCertificate_IsNamedOrNone_AKeyVaultReferenceToItsSecret_WhichOnlyTheHostsIdentityMayRead()
    {
        var template = await CompiledTemplate.MainAsync();
        var keyVault = template.Module("keyVault");
        var app = template.Module("app");

        Assert.Equal("", Text(template.Root.GetProperty("parameters").GetProperty("dataProtectionCertificateName").GetProperty("defaultValue")));
        Assert.Equal("[parameters('dataProtectionCertificateName')]", Text(CompiledTemplate.Passed(keyVault, "dataProtectionCertificateName")));
        Assert.Equal(
            "[reference(resourceId('Microsoft.Resources/deployments', 'keyVault'), '2025-04-01').outputs.dataProtectionCertificateUri.value]",
            Text(CompiledTemplate.Passed(app, "dataProtectionCertificateUri")));
        foreach (var (setting, uri) in new[] { ("Certificate", "dataProtectionCertificateUri"), ("PreviousCertificate", "dataProtectionPreviousCertificateUri") })
        {
            Assert.Equal(
                $"[if(empty(parameters('{uri}')), '', format('@Microsoft.KeyVault(SecretUri={{0}})', parameters('{uri}')))]",
                template.AppSettings()[$"Spaces__DataProtection__{setting}"]);
        }
        var reader = CompiledTemplate.Resources(keyVault, "Microsoft.Authorization/roleAssignments")
            .Single(r => Text(r.GetProperty("scope")).Contains("parameters('dataProtectionCertificateName')", StringComparison.Ordinal));
        Assert.Equal("[not(empty(parameters('dataProtectionCertificateName')))]", Text(reader.GetProperty("condition")));
        Assert.Equal("[resourceId('Microsoft.KeyVault/vaults/secrets', parameters('name'), parameters('dataProtectionCertificateName'))]", Text(reader.GetProperty("scope")));
        Assert.Equal("[parameters('principalId')]", Text(reader.GetProperty("properties").GetProperty("principalId")));
        Assert.Equal(
            $"[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '{KeyVaultSecretsUser}')]",
            CompiledTemplate.WithVariables(keyVault, Text(reader.GetProperty("properties").GetProperty("roleDefinitionId"))));
    }

    [Fact]
    public async Task Outputs_GiveTheOperatorTheAppTheStorageTheVaultAndTheIdentity()
    {
        var outputs = (await CompiledTemplate.MainAsync()).Root.GetProperty("outputs");

        foreach (var name in new[] { "appName", "appUrl", "storageAccountName", "storageBlobEndpoint", "keyVaultName", "identityClientId", "appInsightsName" })
        {
            Assert.True(outputs.TryGetProperty(name, out _), $"output {name} is missing");
        }
        Assert.DoesNotContain("adminPassword", outputs.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("dev", 2)]
    [InlineData("prod", 3)]
    public async Task Parameters_EachEnvironment_NamesItselfAndRunsSeveralInstances(string environment, int instances)
    {
        var parameters = await CompiledTemplate.ParametersAsync(environment);

        Assert.Equal(environment, parameters.GetProperty("environmentName").GetProperty("value").GetString());
        Assert.Equal(instances, parameters.GetProperty("instanceCount").GetProperty("value").GetInt32());
        // Read from the deployer's environment at compile time, never written in the file.
        Assert.Equal(CompiledTemplate.PlaceholderPassword, parameters.GetProperty("adminPassword").GetProperty("value").GetString());
        var file = await File.ReadAllTextAsync(Infrastructure.RepoPaths.Of("infra", "env", $"{environment}.bicepparam"));
        Assert.Contains("param adminPassword = readEnvironmentVariable('SPACES_ADMIN_PASSWORD')", file, StringComparison.Ordinal);
    }
}
