import { type DatabasePool, sql } from "slonik";
import { z } from "zod";
import { callProcedure } from "../api/callProcedure.ts";
import type { ValidationApi } from "../api/validationApi.ts";

export type RaceData = { contenders: number; won: number; conflicts: number; other: string[] };

/**
 * The same slug provisioned by `contenders` operator calls at once: exactly one wins, the others
 * answer CONFLICT (never a server error), and one whole tenant exists.
 */
export async function sameSlugRace(
  api: ValidationApi,
  pool: DatabasePool,
  slug: string,
  contenders: number,
): Promise<{ data: RaceData; problems: string[] }> {
  const headers = { "x-operator-key": api.operatorKey };
  const input = { slug, tier: "starter", admin: { email: "admin@race.test" } };
  const answers = await Promise.all(
    Array.from({ length: contenders }, () => callProcedure(api.url, "platform.tenants.provision", "mutation", input, headers)),
  );
  const won = answers.filter((answer) => answer.ok).length;
  const conflicts = answers.filter((answer) => answer.code === "CONFLICT").length;
  const other = answers.filter((answer) => !answer.ok && answer.code !== "CONFLICT").map((answer) => `${answer.status} ${answer.message}`);
  const whole = await pool.one(sql.type(z.object({ rows: z.number(), schema: z.boolean(), role: z.boolean() }))`
    SELECT (SELECT count(*)::int FROM platform.tenants WHERE slug = ${slug}) AS rows,
           to_regnamespace(${`tenant_${slug}`}) IS NOT NULL AS schema,
           EXISTS (SELECT 1 FROM pg_roles WHERE rolname = ${`tenant_${slug}_rw`}) AS role`);
  const problems: string[] = [];
  if (won !== 1) problems.push(`${won} of ${contenders} concurrent provisions of '${slug}' succeeded; exactly one must.`);
  if (other.length > 0) problems.push(`Concurrent provisions of one slug answered other than CONFLICT: ${other.slice(0, 3).join("; ")}.`);
  if (whole.rows !== 1 || !whole.schema || !whole.role) {
    problems.push(
      `After the race '${slug}' has ${whole.rows} registry rows, schema ${whole.schema ? "present" : "missing"}, role ${whole.role ? "present" : "missing"}.`,
    );
  }
  return { data: { contenders, won, conflicts, other }, problems };
}
