import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** The workspace root (the folder holding pnpm-workspace.yaml), wherever a script runs from. */
export const repoRoot: string = (() => {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("Cannot find the workspace root (pnpm-workspace.yaml).");
    dir = parent;
  }
  return dir;
})();

export const dataDir = join(repoRoot, ".data");
export const platformMigrationsDir = join(repoRoot, "db", "platform");
export const templateDir = join(repoRoot, "db", "template");
/** Ordered change files taking tenants from one template version number to the next. */
export const templateChangesDir = join(templateDir, "changes");
