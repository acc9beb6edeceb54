// Spaces on Azure: one deployment brings up the cluster of the README ("Deploy to Azure"). Several App Service
// instances, each an ASP.NET Core host co-hosting an Orleans silo, form one cluster over one storage account (tables:
// membership, grain state, reminders; blobs: files), signing in with a user-assigned managed identity. The admin
// password sits in Key Vault; traces, metrics and logs go to Application Insights and Log Analytics.
targetScope = 'resourceGroup'

@description('Environment of this deployment: part of the names, the ClusterId and the telemetry\'s deployment.environment.')
@allowed([
  'dev'
  'prod'
])
param environmentName string

@description('Short lowercase prefix of every resource name.')
@minLength(3)
@maxLength(10)
param namePrefix string = 'spaces'

@description('Region of every resource.')
param location string = resourceGroup().location

@description('App Service plan SKU.')
param planSku string

@description('App instances, i.e. silos of the cluster.')
@minValue(2)
param instanceCount int

@description('Orleans ServiceId: keep it across deployments, or grain state is no longer found.')
param serviceId string = 'spaces'

@description('Password of the bootstrap admin user, stored in Key Vault; the parameters files read it from SPACES_ADMIN_PASSWORD.')
@secure()
@minLength(12)
param adminPassword string

@description('Key Vault purge protection (cannot be turned off once on).')
param keyVaultPurgeProtection bool

@description('Name of a certificate in the vault that the data-protection keys (which sign session cookies) are encrypted to. Empty: they are stored unencrypted beyond the storage account\'s own encryption. The certificate is created after the first deployment (README, "Deploy to Azure").')
param dataProtectionCertificateName string = ''

@description('After a renewal of that certificate: the version the keys were encrypted to before, kept readable until they expire. Empty: none.')
param dataProtectionPreviousCertificateVersion string = ''

@description('Days Log Analytics keeps logs.')
param logRetentionDays int

@description('Days deleted blobs stay recoverable.')
param blobDeleteRetentionDays int

@description('Address space of the hosts\' virtual network.')
param vnetAddressPrefix string = '10.40.0.0/16'

@description('The hosts\' subnet, delegated to App Service.')
param appSubnetPrefix string = '10.40.0.0/24'

var suffix = uniqueString(resourceGroup().id, namePrefix, environmentName)
var baseName = '${namePrefix}-${environmentName}'
// The storage module creates it; the hosts are told its name (Spaces:Storage:BlobContainer).
var blobContainerName = 'spaces'

module identity 'modules/identity.bicep' = {
  name: 'identity'
  params: {
    location: location
    name: 'id-${baseName}'
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  params: {
    location: location
    workspaceName: 'log-${baseName}'
    appInsightsName: 'appi-${baseName}'
    retentionInDays: logRetentionDays
  }
}

module network 'modules/network.bicep' = {
  name: 'network'
  params: {
    location: location
    name: 'vnet-${baseName}'
    addressPrefix: vnetAddressPrefix
    appSubnetPrefix: appSubnetPrefix
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  params: {
    location: location
    name: take('st${namePrefix}${environmentName}${suffix}', 24)
    principalId: identity.outputs.principalId
    appSubnetId: network.outputs.appSubnetId
    blobContainerName: blobContainerName
    blobDeleteRetentionDays: blobDeleteRetentionDays
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyVault'
  params: {
    location: location
    name: take('kv-${namePrefix}-${environmentName}-${suffix}', 24)
    principalId: identity.outputs.principalId
    appSubnetId: network.outputs.appSubnetId
    adminPassword: adminPassword
    purgeProtection: keyVaultPurgeProtection
    dataProtectionCertificateName: dataProtectionCertificateName
  }
}

module app 'modules/appservice.bicep' = {
  name: 'app'
  params: {
    location: location
    planName: 'asp-${baseName}'
    appName: 'app-${baseName}-${suffix}'
    planSku: planSku
    instanceCount: instanceCount
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    appSubnetId: network.outputs.appSubnetId
    storageBlobEndpoint: storage.outputs.blobEndpoint
    blobContainerName: blobContainerName
    adminPasswordSecretUri: keyVault.outputs.adminEntryUri
    dataProtectionCertificateUri: keyVault.outputs.dataProtectionCertificateUri
    dataProtectionPreviousCertificateUri: empty(dataProtectionPreviousCertificateVersion) ? '' : '${keyVault.outputs.dataProtectionCertificateUri}/${dataProtectionPreviousCertificateVersion}'
    appInsightsName: monitoring.outputs.appInsightsName
    workspaceId: monitoring.outputs.workspaceId
    serviceId: serviceId
    clusterId: environmentName
    environmentName: environmentName
  }
}

@description('The web app: scripts/deploy.sh uploads the zip to it.')
output appName string = app.outputs.name

@description('Where the portal and the API answer.')
output appUrl string = app.outputs.url

@description('The storage account (tables: Orleans membership, state, reminders; blobs: files).')
output storageAccountName string = storage.outputs.name

output storageBlobEndpoint string = storage.outputs.blobEndpoint

output storageTableEndpoint string = storage.outputs.tableEndpoint

@description('The vault holding the admin password.')
output keyVaultName string = keyVault.outputs.name

@description('Name of the vault\'s secret holding the admin password.')
output adminEntryName string = keyVault.outputs.adminEntryName

@description('Client id of the hosts\' identity (AZURE_CLIENT_ID).')
output identityClientId string = identity.outputs.clientId

@description('Principal id of the hosts\' identity, for further role assignments.')
output identityPrincipalId string = identity.outputs.principalId

output appInsightsName string = monitoring.outputs.appInsightsName

output logAnalyticsWorkspaceId string = monitoring.outputs.workspaceId

@description('Orleans ServiceId and ClusterId of this cluster.')
output orleansCluster object = {
  serviceId: serviceId
  clusterId: environmentName
}
