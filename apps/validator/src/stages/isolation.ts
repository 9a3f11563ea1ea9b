import type { Platform } from "@erp/db";
import { tiers } from "@erp/tenancy";
import { procedureCatalog } from "../api/procedureCatalog.ts";
import type { ValidationApi } from "../api/validationApi.ts";
import type { AttackTally } from "../isolation/attackTally.ts";
import { badTokenAttacks } from "../isolation/badTokens.ts";
import { concurrentMarkerAttacks } from "../isolation/concurrentMarkers.ts";
import { crossTenantIdAttacks } from "../isolation/crossTenantIds.ts";
import { directSqlAttacks } from "../isolation/directSql.ts";
import { hostileInputAttacks } from "../isolation/hostileInputs.ts";
import { loginStormAttacks } from "../isolation/loginStorm.ts";
import type { Session } from "../isolation/session.ts";
import type { Progress, StageOutcome } from "../stage.ts";
import type { ValidationTenant } from "./provisioning.ts";

export type IsolationData = { attempts: number; leaks: number; unexpected: number; attacks: AttackTally[] };

/** Tenants taking part in the concurrent-requests attack: enough to keep every pooled connection switching tenants. */
const concurrentTenants = 20;
const concurrentRounds = 5;

/**
 * Stage 6: attacks that must all fail, counted. Any leak (data of another tenant seen or changed,
 * a statement PostgreSQL should have refused) fails the run, and so does a wrong answer (a server
 * error, or input past a documented limit accepted).
 */
export async function isolationStage(
  api: ValidationApi,
  platform: Pick<Platform, "pool" | "url">,
  tenants: readonly ValidationTenant[],
  templateTables: number,
  progress: Progress,
): Promise<StageOutcome<IsolationData>> {
  const pool = platform.pool;
  progress.start(7, "attacks");
  // The two highest tiers (enterprise when there are two) serve the most procedures to aim at.
  const byTier = [...tenants].sort((a, b) => tiers.indexOf(b.tier) - tiers.indexOf(a.tier));
  const [alice, bob] = byTier;
  const suspended = byTier.at(-1);
  if (!alice || !bob || !suspended || suspended === bob) throw new Error("The isolation stage needs at least three tenants.");
  const signIn = async (tenant: ValidationTenant): Promise<Session> => ({ tenant, token: await api.login(tenant) });
  const [aliceSession, bobSession, suspendedSession] = [await signIn(alice), await signIn(bob), await signIn(suspended)];
  progress.tick();

  const attacks: AttackTally[] = [];
  attacks.push(
    await crossTenantIdAttacks(api.url, procedureCatalog(), [
      [aliceSession, bobSession],
      [bobSession, aliceSession],
    ]),
  );
  progress.tick();
  attacks.push(await badTokenAttacks(api, aliceSession, bobSession, suspendedSession));
  progress.tick();
  attacks.push(await hostileInputAttacks(api.url, pool, aliceSession, templateTables));
  progress.tick();
  attacks.push(await directSqlAttacks(platform, alice, bob));
  progress.tick();
  attacks.push(await loginStormAttacks(api.url, bobSession, aliceSession));
  progress.tick();
  const crowd = await Promise.all(tenants.slice(0, concurrentTenants).map(signIn));
  attacks.push(await concurrentMarkerAttacks(api.url, pool, crowd, concurrentRounds));
  progress.tick();

  const attempts = attacks.reduce((sum, attack) => sum + attack.attempts, 0);
  const leaks = attacks.flatMap((attack) => attack.leaks.map((leak) => `Leak (${attack.name}): ${leak}`));
  const unexpected = attacks.flatMap((attack) => attack.unexpected.map((line) => `Wrong answer (${attack.name}): ${line}`));
  const uncovered = attacks.reduce((sum, attack) => sum + attack.uncovered.length, 0);
  return {
    summary: `${attempts} attacks of ${attacks.length} kinds: ${leaks.length} leaks, ${unexpected.length} wrong answers (server errors, limits not enforced)${uncovered ? `, ${uncovered} targets not reachable (listed in the report)` : ""}`,
    problems: [...leaks, ...unexpected],
    data: { attempts, leaks: leaks.length, unexpected: unexpected.length, attacks },
  };
}
