import { formatMs } from "@erp/metrics";
import type { DatabasePool } from "slonik";
import type { ValidationApi } from "../api/validationApi.ts";
import { findOrphans } from "../faults/findOrphans.ts";
import { type KillSample, killProvisioningAtRandom } from "../faults/killProvisioning.ts";
import { type RestartData, restartDuringWrites } from "../faults/restartDuringWrites.ts";
import { type RaceData, sameSlugRace } from "../faults/sameSlugRace.ts";
import type { Progress, StageOutcome } from "../stage.ts";
import type { ValidationTenant } from "./provisioning.ts";

export type FaultsData = {
  race: RaceData;
  kills: KillSample[];
  orphans: string[];
  /** The restart's figures, or why it did not run. */
  restart: RestartData | { skipped: string };
};

export type FaultsPlan = {
  /** Provisionings to kill with SIGKILL at random moments. */
  kills: number;
  /** Whether to restart PostgreSQL under writes (only the embedded server can be restarted). */
  restart: boolean;
};

const raceContenders = 8;

/**
 * Stage 8: faults the platform must survive. The same slug provisioned concurrently, provisioning
 * killed at random moments inside its transaction (no orphans), and — on the embedded server, in
 * the full profile — PostgreSQL restarted under writes (no acknowledged write lost, 503 while
 * down, service back without restarting the API). It runs last: the restart disturbs the server.
 */
export async function faultsStage(
  run: { api: ValidationApi; pool: DatabasePool; databaseUrl: string; embedded: boolean; slugPrefix: string; tenant: ValidationTenant },
  plan: FaultsPlan,
  progress: Progress,
): Promise<StageOutcome<FaultsData>> {
  progress.start(1 + plan.kills + (plan.restart ? 1 : 0), "faults");
  const problems: string[] = [];
  const notes: string[] = [];

  const race = await sameSlugRace(run.api, run.pool, `${run.slugPrefix}race`, raceContenders);
  problems.push(...race.problems);
  progress.tick();

  const slugs = Array.from({ length: plan.kills }, (_, index) => `${run.slugPrefix}kill_${index + 1}`);
  const kills = await killProvisioningAtRandom(run.pool, run.databaseUrl, slugs, () => progress.tick());
  problems.push(...kills.problems);
  const orphans = await findOrphans(run.pool, run.slugPrefix);
  problems.push(...orphans.map((orphan) => `Orphan: ${orphan}.`));

  let restart: FaultsData["restart"];
  if (!plan.restart) {
    restart = { skipped: "the quick profile leaves the PostgreSQL restart to the full profile" };
  } else if (!run.embedded) {
    restart = { skipped: "the run is on DATABASE_URL, a server this tool does not manage; only the embedded PostgreSQL is restarted" };
  } else {
    const restarted = await restartDuringWrites(run.api, run.pool, run.tenant, run.databaseUrl);
    restart = restarted.data;
    problems.push(...restarted.problems);
    progress.tick();
  }
  if ("skipped" in restart) notes.push(`PostgreSQL restart skipped: ${restart.skipped}.`);

  const rolledBack = kills.samples.filter((sample) => sample.outcome === "absent").length;
  const summary = [
    `same slug ×${raceContenders}: ${race.data.won} won, ${race.data.conflicts} CONFLICT`,
    `${plan.kills} provisionings killed: ${rolledBack} rolled back, ${plan.kills - rolledBack} whole, ${orphans.length} orphans`,
    "skipped" in restart
      ? "restart skipped"
      : `restart: ${restart.lost}/${restart.acknowledged} acknowledged writes lost, down ${formatMs(restart.downtimeMs)}, API back ${restart.recoveryMs === null ? "never" : `${formatMs(restart.recoveryMs)} later`}`,
  ].join("; ");
  return { summary, problems, notes, data: { race: race.data, kills: kills.samples, orphans, restart } };
}
