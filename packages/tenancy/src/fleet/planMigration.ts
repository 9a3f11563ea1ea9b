import { InvalidInputError } from "@erp/db";
import { type CommonQueryMethods, sql } from "slonik";
import { z } from "zod";

const pendingTenant = z.object({ id: z.uuid(), slug: z.string(), fromVersionNumber: z.number().int() });
export type PendingTenant = z.infer<typeof pendingTenant>;

const planRow = z.object({
  targetVersion: z.string().nullable(),
  toVersionNumber: z.number().int().nullable(),
  current: z.number().int(),
  pending: z.array(pendingTenant),
  unfinishedRollout: z.object({ id: z.number().int(), status: z.enum(["running", "stopped"]) }).nullable(),
  recordedVersionNumbers: z.array(z.number().int()),
});

export type MigrationTarget =
  /** The build the platform runs (the files' fresh build). */
  | { build: string }
  /** The newest build recorded with this version number. */
  | { versionNumber: number }
  /** The target of the newest unfinished rollout (--resume). */
  | { unfinishedRollout: true };

export type MigrationPlan = {
  targetVersion: string;
  toVersionNumber: number;
  /** Tenants already at the target version number. */
  current: number;
  /** Tenants to migrate (or, with a version number above the target, to refuse), by slug. */
  pending: PendingTenant[];
  /**
   * The newest rollout that did not finish, if any: `running` (killed, or running elsewhere) or
   * `stopped` (canary failed, failure rate passed); --resume continues it.
   */
  unfinishedRollout: { id: number; status: "running" | "stopped" } | null;
};

/**
 * Everything a migration run needs to start, in ONE query: the target build, the tenants not at
 * its version number, how many already are, and whether a rollout is unfinished. A fleet that is
 * already current costs this query and nothing else.
 */
export async function planMigration(connection: CommonQueryMethods, target: MigrationTarget): Promise<MigrationPlan> {
  const targetFilter =
    "build" in target
      ? sql.fragment`v.version = ${target.build}`
      : "versionNumber" in target
        ? sql.fragment`v.version_number = ${target.versionNumber}`
        : sql.fragment`v.version = (SELECT target_version FROM unfinished)`;
  const row = await connection.one(sql.type(planRow)`
    WITH unfinished AS (
      -- Only the newest rollout counts: a new run supersedes a stopped one.
      SELECT * FROM (SELECT id, status, target_version FROM platform.template_rollouts ORDER BY id DESC LIMIT 1) newest
      WHERE status IN ('running', 'stopped')
    ), target AS (
      SELECT v.version, v.version_number FROM platform.template_versions v
      WHERE ${targetFilter} ORDER BY v.created_at DESC LIMIT 1
    ), fleet AS (
      SELECT t.id, t.slug, v.version_number AS from_version_number
      FROM platform.tenants t JOIN platform.template_versions v ON v.version = t.template_version
      WHERE t.status <> 'deprovisioned'
    )
    SELECT
      (SELECT version FROM target) AS "targetVersion",
      (SELECT version_number FROM target) AS "toVersionNumber",
      (SELECT count(*)::int FROM fleet, target WHERE fleet.from_version_number = target.version_number) AS current,
      coalesce((
        SELECT json_agg(json_build_object('id', fleet.id, 'slug', fleet.slug, 'fromVersionNumber', fleet.from_version_number) ORDER BY fleet.slug)
        FROM fleet, target WHERE fleet.from_version_number <> target.version_number), '[]'::json) AS pending,
      (SELECT json_build_object('id', id, 'status', status) FROM unfinished) AS "unfinishedRollout",
      ARRAY(SELECT DISTINCT version_number FROM platform.template_versions ORDER BY 1) AS "recordedVersionNumbers"`);
  if (row.targetVersion === null || row.toVersionNumber === null) {
    const recorded = row.recordedVersionNumbers.join(", ") || "none";
    if ("unfinishedRollout" in target) throw new InvalidInputError("Nothing to resume: no rollout was interrupted.");
    throw new InvalidInputError(
      "versionNumber" in target
        ? `--to must be a template version number that has been built; recorded: ${recorded}.`
        : `The template build ${"build" in target ? target.build : ""} is not recorded: open the platform with prepare enabled.`,
    );
  }
  return {
    targetVersion: row.targetVersion,
    toVersionNumber: row.toVersionNumber,
    current: row.current,
    pending: row.pending,
    unfinishedRollout: row.unfinishedRollout,
  };
}
