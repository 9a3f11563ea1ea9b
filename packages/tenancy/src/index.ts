export {
  defaultRoles,
  type PermissionKey,
  permissionKeys,
  procureToPayPermissionKeys,
  type RoleKey,
  roleKeys,
  specialPermissionKeys,
} from "./auth/defaultRoles.ts";
export {
  decoyHash,
  hashPassword,
  type KeyDerivation,
  type KeyDerivationRequest,
  needsRehash,
  scryptMaxmem,
  threadPoolDerivation,
  verifyPassword,
} from "./auth/passwordHash.ts";
export { type BackupHeader, backupFormatVersion } from "./backup/backupFormat.ts";
export { type BackupOptions, type BackupSummary, backupTenant } from "./backup/backupTenant.ts";
export { openBackup } from "./backup/readBackup.ts";
export { type InvariantCheck, type RestoreInput, type RestoreOptions, type RestoreSummary, restoreTenant } from "./backup/restoreTenant.ts";
export { type CheckTenantsOptions, checkTenants, type FleetCheck, type TenantDrift } from "./fleet/checkTenants.ts";
export {
  type MigrateOptions,
  type MigrationEvents,
  type MigrationSummary,
  migrateOptionsSchema,
  migrateTenants,
  type TenantMigrationResult,
} from "./fleet/migrateTenants.ts";
export { type MigrationPlan, type MigrationTarget, type PendingTenant, planMigration } from "./fleet/planMigration.ts";
export { servesTemplateVersion } from "./fleet/servedTemplateVersions.ts";
export { generatePassword, generateSlug } from "./generateSlug.ts";
export { describeIssue, type ProvisionInput, parseInput, provisionInputSchema, tierSchema } from "./inputs.ts";
export { deprovisionTenant, resumeTenant, setTier, suspendTenant } from "./lifecycle.ts";
export { type BulkResult, type ProvisionManyOptions, provisionMany } from "./provisionMany.ts";
export {
  type DemoDataContext,
  type DemoDataSeeder,
  type DemoDataSummary,
  type ProvisionedTenant,
  type ProvisionOptions,
  type ProvisionPhase,
  provisionPhases,
  provisionTenant,
} from "./provisionTenant.ts";
export { findTenant, getTenant, listTenants, type Tenant, tenantRow } from "./registry.ts";
export { slugSchema, type TenantNames, tenantNames } from "./tenantNames.ts";
export { lowestTierFor, type Module, modules, type Tier, tierModules, tierServes, tiers } from "./tiers.ts";
export { drainWarmPool, fillWarmPool, type WarmPoolStatus, warmPoolStatus } from "./warmPool.ts";
