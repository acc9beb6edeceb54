// Development: the smallest cluster that is still a cluster (two silos), short retention, a vault that can be purged.
using '../main.bicep'

param environmentName = 'dev'
param planSku = 'P0v3'
param instanceCount = 2
// From the environment, never from a file: scripts/deploy.sh requires SPACES_ADMIN_PASSWORD.
param adminPassword = readEnvironmentVariable('SPACES_ADMIN_PASSWORD')
param keyVaultPurgeProtection = false
param logRetentionDays = 30
param blobDeleteRetentionDays = 7
