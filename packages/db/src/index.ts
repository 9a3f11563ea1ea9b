export { dropDatabase, dropRolesWithPrefix, randomSuffix, recreateDatabase, withDatabase } from "./admin/databases.ts";
export {
  describeSchema,
  diffSchemaDescriptions,
  fingerprintSchema,
  type SchemaDescription,
  schemaDescriptionShape,
} from "./catalog/describeSchema.ts";
export { checkServer } from "./checkServer.ts";
export { openPlatform, type Platform, redact, resolveDatabaseTarget } from "./connectDatabase.ts";
export { createDbPool, type DbPoolOptions } from "./createDbPool.ts";
export { applyDdl, DdlError, describeDdlFailure } from "./ddl/applyDdl.ts";
export { type DdlStatement, splitStatements } from "./ddl/splitStatements.ts";
export { type DirectConnection, openDirectConnection } from "./direct/openDirectConnection.ts";
export {
  embeddedServerUrl,
  ensureEmbeddedServer,
  resetEmbeddedServer,
  stopEmbeddedServer,
} from "./embedded/embeddedServer.ts";
export { type DbEnv, readDbEnv } from "./env.ts";
export * from "./errors.ts";
export { MigrationChecksumError, migratePlatform } from "./migrations/migratePlatform.ts";
export { describeIssue, parseInput } from "./parseInput.ts";
export { rawQuery } from "./rawQuery.ts";
export { repoRoot } from "./repoRoot.ts";
export { apiDatabaseUrl, apiRoleName, ensureApiRole, grantTenantRoleToApi } from "./roles/apiLogin.ts";
export { buildTemplate, builtTemplateVersion, ensureTemplate, recordTemplateBuild, templateSchema } from "./template/buildTemplate.ts";
export { checkTemplate, requiredTables } from "./template/checkTemplate.ts";
export {
  type CheckTemplateChangesOptions,
  checkTemplateChanges,
  describeTemplateChangesReport,
  type TemplateChangesReport,
} from "./template/checkTemplateChanges.ts";
export {
  loadBaselineSource,
  loadTemplateSource,
  type TemplateChange,
  type TemplateSource,
} from "./template/loadTemplateSource.ts";
export { recordTemplateChanges, TemplateChangeChecksumError } from "./template/recordTemplateChanges.ts";
export { TenantPool, type TenantPoolOptions, type TenantPoolSettings } from "./tenantScope/createTenantPool.ts";
export type { TenantQueries } from "./tenantScope/tenantQueries.ts";
export {
  type TenantScope,
  type TenantTransactionOptions,
  TenantUnavailableError,
  withTenantTransaction,
} from "./tenantScope/withTenantTransaction.ts";
export { generateRowTypes } from "./types/generateRowTypes.ts";
