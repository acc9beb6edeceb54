// The hosts: one Linux App Service plan with several instances, each running the same app (an ASP.NET Core host
// co-hosting an Orleans silo). Instances form one Orleans cluster over the storage account's tables; they reach each
// other through the VNet integration subnet on App Service's private ports, never through the HTTP front end.

@description('Region of the plan and the app.')
param location string

@description('Name of the App Service plan.')
param planName string

@description('Globally unique name of the web app (its host name is <name>.azurewebsites.net).')
param appName string

@description('Plan SKU: a dedicated tier with VNet integration (Premium v3 here).')
param planSku string

@description('Instances of the app: each is one silo of the cluster.')
@minValue(2)
param instanceCount int

@description('Resource id of the hosts\' user-assigned managed identity.')
param identityId string

@description('Client id of that identity: DefaultAzureCredential signs in with it (AZURE_CLIENT_ID).')
param identityClientId string

@description('Subnet of the VNet integration.')
param appSubnetId string

@description('Blob endpoint of the storage account: ConnectionStrings:AzureStorage.')
param storageBlobEndpoint string

@description('The blob container the hosts keep files in: Spaces:Storage:BlobContainer.')
param blobContainerName string

@description('Key Vault URI of the admin password secret, without a version.')
param adminPasswordSecretUri string

@description('Key Vault URI of the data-protection certificate\'s secret, without a version; empty: none.')
param dataProtectionCertificateUri string

@description('Key Vault URI of the certificate\'s previous version, after a renewal; empty: none.')
param dataProtectionPreviousCertificateUri string

@description('Name of the Application Insights component the app exports to.')
param appInsightsName string

@description('Log Analytics workspace of the platform logs.')
param workspaceId string

@description('Orleans ServiceId: stable across deployments of this service.')
param serviceId string

@description('Orleans ClusterId: hosts with the same ServiceId and ClusterId form one cluster.')
param clusterId string

@description('deployment.environment of the exported telemetry.')
param environmentName string

resource appInsights 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Every setting the app reads in Azure. Tests/Infra runs the app locally with these (storage and password replaced).
var appSettings = [
  {
    name: 'Spaces__Storage'
    value: 'AzureStorage'
  }
  {
    // An endpoint, not a connection string: the app signs in with the identity (SpacesStorageSettings, AzureStorageAccount).
    name: 'ConnectionStrings__AzureStorage'
    value: storageBlobEndpoint
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identityClientId
  }
  {
    name: 'Spaces__Cluster__ServiceId'
    value: serviceId
  }
  {
    name: 'Spaces__Storage__BlobContainer'
    value: blobContainerName
  }
  {
    name: 'Spaces__Cluster__ClusterId'
    value: clusterId
  }
  {
    name: 'Spaces__Admin__Password'
    value: '@Microsoft.KeyVault(SecretUri=${adminPasswordSecretUri})'
  }
  {
    // The PFX of the certificate the data-protection keys are encrypted to (a Key Vault reference to a certificate's
    // secret gives it in base64); empty, the host stores them as they are.
    name: 'Spaces__DataProtection__Certificate'
    value: empty(dataProtectionCertificateUri) ? '' : '@Microsoft.KeyVault(SecretUri=${dataProtectionCertificateUri})'
  }
  {
    name: 'Spaces__DataProtection__PreviousCertificate'
    value: empty(dataProtectionPreviousCertificateUri) ? '' : '@Microsoft.KeyVault(SecretUri=${dataProtectionPreviousCertificateUri})'
  }
  {
    // TLS ends at App Service's front end, the only way in, whose addresses cannot be listed as known proxies: its
    // X-Forwarded-Proto makes requests https (Secure cookies) and its X-Forwarded-For gives the client's address.
    name: 'Spaces__ForwardedHeaders__BehindPlatformFrontEnd'
    value: 'true'
  }
  {
    // Local working files only: grain state, blobs and the data-protection keys are in the storage account.
    name: 'Spaces__DataPath'
    value: '/home/data'
  }
  {
    name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
    value: appInsights.properties.ConnectionString
  }
  {
    name: 'OTEL_RESOURCE_ATTRIBUTES'
    value: 'deployment.environment=${environmentName}'
  }
  {
    // The zip is `dotnet publish` output: run it as it is, never rebuild it on the instance.
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
  {
    // An instance gets traffic once /health answers, which is after the co-hosted silo started (hosted services
    // start before Kestrel listens).
    name: 'WEBSITE_WARMUP_PATH'
    value: '/health'
  }
  {
    name: 'WEBSITE_HEALTHCHECK_MAXPINGFAILURES'
    value: '2'
  }
]

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  kind: 'linux'
  sku: {
    name: planSku
    capacity: instanceCount
  }
  properties: {
    reserved: true
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Workers and browsers may land on any instance (issue 10): no ARR affinity cookie.
    clientAffinityEnabled: false
    keyVaultReferenceIdentity: identityId
    virtualNetworkSubnetId: appSubnetId
    // Storage and Key Vault accept the hosts only through the subnet: all outbound traffic takes it.
    outboundVnetRouting: {
      allTraffic: true
    }
    publicNetworkAccess: 'Enabled'
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      webSocketsEnabled: true
      http20Enabled: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      // An instance whose storage is unreachable leaves the load balancer, and is replaced if it stays so.
      healthCheckPath: '/health/ready'
      // Two private ports per instance: the silo port and the gateway port (Spaces:Cluster:SiloPort, GatewayPort).
      vnetPrivatePortsCount: 2
      appSettings: appSettings
    }
  }
}

// Deployments sign in with Entra ID (az webapp deploy), never with basic publishing credentials.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: {
    allow: false
  }
}

resource diagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = {
  name: 'platform-logs'
  scope: app
  properties: {
    workspaceId: workspaceId
    logs: [
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
    metrics: [
      {
        category: 'AllMetrics'
        enabled: true
      }
    ]
  }
}

output name string = app.name
output url string = 'https://${app.properties.defaultHostName}'
