// The vault of the admin password and, when one is named, the data-protection certificate. RBAC authorization, not
// access policies: the hosts' identity may read those secrets only (Key Vault Secrets User on each), and App Service
// resolves the app settings' Key Vault references with it.

@description('Region of the vault.')
param location string

@description('Globally unique vault name: 3 to 24 letters, digits and dashes.')
@minLength(3)
@maxLength(24)
param name string

@description('Principal id of the hosts\' managed identity.')
param principalId string

@description('Subnet the hosts run in: the only network the vault accepts data traffic from.')
param appSubnetId string

@description('Password of the bootstrap admin user (Spaces:Admin:Password).')
@secure()
@minLength(12)
param adminPassword string

@description('Purge protection: a deleted vault cannot be purged before its retention ends. Cannot be turned off again.')
param purgeProtection bool

@description('Name of a certificate in this vault that the data-protection keys are encrypted to; empty: none.')
param dataProtectionCertificateName string

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 90
    // Key Vault accepts true or absent, never false.
    enablePurgeProtection: purgeProtection ? true : null
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Deny'
      bypass: 'AzureServices'
      virtualNetworkRules: [
        {
          id: appSubnetId
        }
      ]
    }
  }
}

resource adminPasswordSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'spaces-admin-password'
  properties: {
    value: adminPassword
    contentType: 'text/plain'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(adminPasswordSecret.id, principalId, keyVaultSecretsUser)
  scope: adminPasswordSecret
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The certificate is created in the vault after the first deployment (README, "Deploy to Azure"); its secret, which holds
// the PFX, is what the hosts read.
resource dataProtectionCertificate 'Microsoft.KeyVault/vaults/secrets@2023-07-01' existing = if (!empty(dataProtectionCertificateName)) {
  parent: vault
  name: dataProtectionCertificateName
}

resource dataProtectionCertificateUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(dataProtectionCertificateName)) {
  name: guid(vault.id, dataProtectionCertificateName, principalId, keyVaultSecretsUser)
  scope: dataProtectionCertificate
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

output name string = vault.name
output adminEntryName string = adminPasswordSecret.name
// The secret's URI without a version: the Key Vault reference follows rotations.
output adminEntryUri string = adminPasswordSecret.properties.secretUri
// Without a version, like the password's: empty when no certificate is named.
output dataProtectionCertificateUri string = empty(dataProtectionCertificateName) ? '' : '${vault.properties.vaultUri}secrets/${dataProtectionCertificateName}'
