import { checkInvariants } from "@erp/erp";
import { afterAll, beforeAll, expect, test } from "vitest";
import { type Counters, type HrModel, random, runCommand } from "./support/model/hrCommands.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * Model-based test of HR: random sequences of leave accruals, requests, approvals, rejections and
 * cancellations, attendance (overlapping ones among them), payroll runs (repeated months among
 * them) approved or cancelled, on one enterprise tenant per sequence. Each command is checked
 * against a model of balances, leaves, attended hours and runs (including the exact error code of
 * what must be refused), and every invariant is checked after each sequence.
 */
/** Sequences and the API operations each runs (commands that find nothing to act on do not count): over 300 in all. */
const SEQUENCES = Number(process.env.HR_MODEL_SEQUENCES ?? 2);
const COMMANDS = Number(process.env.HR_MODEL_COMMANDS ?? 160);
/** Fixed, so a failure replays. */
const SEED = Number(process.env.HR_MODEL_SEED ?? 20_261_202);

let api: TestApi;
const counters: Counters = { operations: 0, refusals: 0, kinds: {} };

beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api?.close());

async function openTenant(index: number): Promise<{ tenant: TestTenant; model: HrModel }> {
  const tenant = await api.provision(`hrm${index}`, "enterprise");
  const hr = tenant.client.hr;
  const me = await tenant.client.auth.me.query();
  const department = await hr.departments.create.mutate({ code: "OPS", name: "Operations" });
  const person = async (key: string, userId: string | null, salary: string) => {
    const employee = await hr.employees.create.mutate({
      first_name: key,
      last_name: "Model",
      email: `${key}@model.example.test`,
      hire_date: "2020-01-06",
      department_id: department.id,
      user_id: userId,
    });
    await hr.employeeSalaries.create.mutate({ employee_id: employee.id, base_salary: salary, effective_from: "2020-01-06" });
    return employee.id;
  };
  // The admin's employee approves; the others take leave.
  await person("boss", me.user.id, "5000");
  const employees = [await person("ann", null, "3000"), await person("bob", null, "3100"), await person("cai", null, "2800")];
  const paidType = (await hr.leaveTypes.create.mutate({ code: "ANNUAL", name: "Annual leave" })).id;
  const unpaidType = (await hr.leaveTypes.create.mutate({ code: "UNPAID", name: "Unpaid leave", is_paid: false })).id;
  return {
    tenant,
    model: {
      year: new Date().getUTCFullYear() - 1,
      employees,
      paidType,
      unpaidType,
      entitled: new Map(),
      leaves: [],
      attendance: [],
      runs: [],
    },
  };
}

test("random HR sequences keep the model's predictions and every invariant", async () => {
  for (let sequence = 0; sequence < SEQUENCES; sequence++) {
    const { tenant, model } = await openTenant(sequence);
    const rng = random(SEED + sequence);
    const target = counters.operations + COMMANDS;
    while (counters.operations < target) await runCommand(tenant.client.hr, model, rng, counters);
    const results = await checkInvariants(api.db.pool, `tenant_${tenant.slug}`);
    expect(results.filter((result) => !result.ok)).toEqual([]);
  }
  console.info(`hr model: ${counters.operations} operations (${counters.refusals} refused as predicted)`, counters.kinds);
  expect(counters.operations).toBeGreaterThanOrEqual(SEQUENCES * COMMANDS);
  if (SEQUENCES * COMMANDS >= 300) expect(counters.refusals).toBeGreaterThan(10);
}, 300_000);
