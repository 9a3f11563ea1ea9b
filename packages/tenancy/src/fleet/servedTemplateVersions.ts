/**
 * The template version numbers a build of the API serves: its own (the files it ships with) and
 * the one before it. Expand/contract (docs/template-changes.md) makes that safe: a change adds
 * what the new code needs, the code tolerates both versions, and what it no longer needs is
 * removed by a later change, when no tenant is left on the version that still used it.
 */
export function servesTemplateVersion(apiVersionNumber: number, tenantVersionNumber: number): boolean {
  return tenantVersionNumber === apiVersionNumber || tenantVersionNumber === apiVersionNumber - 1;
}
