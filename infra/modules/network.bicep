// The private network of the hosts: App Service's regional VNet integration puts every instance in this subnet, where
// the silos reach each other on their private ports (WEBSITE_PRIVATE_IP / WEBSITE_PRIVATE_PORTS), and from where
// storage and Key Vault accept the hosts' traffic (service endpoints).

@description('Region of the network.')
param location string

@description('Name of the virtual network.')
param name string

@description('Address space of the virtual network.')
param addressPrefix string

@description('Address range of the hosts\' subnet: one address per instance, plus spares for replacements.')
param appSubnetPrefix string

resource vnet 'Microsoft.Network/virtualNetworks@2024-05-01' = {
  name: name
  location: location
  properties: {
    addressSpace: {
      addressPrefixes: [
        addressPrefix
      ]
    }
    subnets: [
      {
        name: 'app'
        properties: {
          addressPrefix: appSubnetPrefix
          delegations: [
            {
              name: 'app-service'
              properties: {
                serviceName: 'Microsoft.Web/serverFarms'
              }
            }
          ]
          serviceEndpoints: [
            {
              service: 'Microsoft.Storage'
            }
            {
              service: 'Microsoft.KeyVault'
            }
          ]
        }
      }
    ]
  }
}

output appSubnetId string = vnet.properties.subnets[0].id
