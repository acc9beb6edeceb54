// Production: three silos (a majority survives the loss of one), longer retention, purge protection on the vault.
using '../main.bicep'

param environmentName = 'prod'
param planSku = 'P1v3'
param instanceCount = 3
// From the environment, never from a file: scripts/deploy.sh requires SPACES_ADMIN_PASSWORD.
param adminPassword = readEnvironmentVariable('SPACES_ADMIN_PASSWORD')
param keyVaultPurgeProtection = true
param logRetentionDays = 90
param blobDeleteRetentionDays = 30
