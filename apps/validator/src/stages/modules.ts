import { randomBytes } from "node:crypto";
import { errorCode } from "@erp/client";
import { type Module, modules, tierServes } from "@erp/tenancy";
import pLimit from "p-limit";
import { moduleProbes } from "../api/moduleProbes.ts";
import { procedureCatalog } from "../api/procedureCatalog.ts";
import type { ValidationApi } from "../api/validationApi.ts";
import type { Progress, StageOutcome } from "../stage.ts";
import type { ValidationTenant } from "./provisioning.ts";

export type ModuleFigures = { module: Module; probed: boolean; served: number; answered: number; notServed: number; forbidden: number };

export type ModulesData = { calls: number; modules: ModuleFigures[] };

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Stage 5: every tenant signs in through the typed client; each module of its tier answers a list
 * and a create, and each module outside it answers FORBIDDEN naming the module and the tier.
 */
export async function modulesStage(
  api: ValidationApi,
  tenants: readonly ValidationTenant[],
  progress: Progress,
): Promise<StageOutcome<ModulesData>> {
  const figures = new Map(
    modules.map((module) => [
      module,
      { module, probed: moduleProbes[module] !== undefined, served: 0, answered: 0, notServed: 0, forbidden: 0 },
    ]),
  );
  const withProcedures = new Set(procedureCatalog().map((procedure) => procedure.module));
  const problems: string[] = modules
    .filter((module) => !moduleProbes[module])
    .map((module) =>
      withProcedures.has(module)
        ? `The ${module} module has procedures, but the validator has no list/create probe for it (add one to apps/validator/src/api/moduleProbes.ts).`
        : `The API serves no procedures of the ${module} module (no list/create to call).`,
    );
  let calls = 0;
  progress.start(tenants.length, "tenants");
  // Four at a time: sign-in hashes a password (≈ 0.1 s of CPU), and two cores also run PostgreSQL.
  await pLimit(4).map(tenants, async (tenant) => {
    const client = api.client({ token: await api.login(tenant) });
    for (const module of modules) {
      const probe = moduleProbes[module];
      const figure = figures.get(module)!;
      const served = tierServes(tenant.tier, module);
      figure[served ? "served" : "notServed"] += 1;
      if (!probe) continue;
      const where = `${tenant.slug} (${tenant.tier}) ${module}`;
      if (served) {
        calls += 2;
        const list = await outcome(probe.list(client));
        const created = await outcome(probe.create(client, randomBytes(4).toString("hex")));
        if (!list.ok) problems.push(`${where}: list failed with ${list.code ?? "an error"}: ${list.message}`);
        else if (!Array.isArray(list.value.items)) problems.push(`${where}: list answered without an items array.`);
        if (!created.ok) problems.push(`${where}: create failed with ${created.code ?? "an error"}: ${created.message}`);
        else if (!uuid.test(created.value.id)) problems.push(`${where}: create answered without an id.`);
        if (list.ok && created.ok) figure.answered += 1;
      } else {
        calls += 2;
        const refusals = [await outcome(probe.list(client)), await outcome(probe.create(client, randomBytes(4).toString("hex")))];
        let refused = true;
        for (const [index, refusal] of refusals.entries()) {
          const call = index === 0 ? "list" : "create";
          if (refusal.ok) problems.push(`${where}: ${call} answered although the tier does not serve the module.`);
          else if (refusal.code !== "FORBIDDEN")
            problems.push(`${where}: ${call} answered ${refusal.code ?? "an error"} instead of FORBIDDEN.`);
          else if (!refusal.message.includes(module) || !refusal.message.includes(tenant.tier)) {
            problems.push(`${where}: the FORBIDDEN message does not name the module and the tier: "${refusal.message}"`);
          } else continue;
          refused = false;
        }
        if (refused) figure.forbidden += 1;
      }
    }
    progress.tick();
  });
  const list = [...figures.values()];
  const probedOnly = list.filter((figure) => figure.probed);
  const served = probedOnly.reduce((sum, figure) => sum + figure.served, 0);
  const answered = list.reduce((sum, figure) => sum + figure.answered, 0);
  const notServed = probedOnly.reduce((sum, figure) => sum + figure.notServed, 0);
  const forbidden = list.reduce((sum, figure) => sum + figure.forbidden, 0);
  const probed = probedOnly.length;
  return {
    summary: `${tenants.length} tenants, ${calls} calls: ${answered}/${served} served modules answered list and create, ${forbidden}/${notServed} unserved answered FORBIDDEN; ${probed}/${modules.length} modules have procedures`,
    problems,
    data: { calls, modules: list },
  };
}

type Outcome<T> = { ok: true; value: T } | { ok: false; code: string | undefined; message: string };

async function outcome<T>(call: Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    return { ok: false, code: errorCode(error), message: (error as Error).message };
  }
}
