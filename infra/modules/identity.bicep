// The hosts' one identity: storage and Key Vault grant their data roles to it, so no key or connection string with a
// secret is ever written into the app's settings.

@description('Region of the identity.')
param location string

@description('Name of the user-assigned managed identity.')
param name string

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
}

output id string = identity.id
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
