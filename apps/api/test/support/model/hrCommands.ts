import type { ErpClient } from "@erp/client";
import { errorCode } from "@erp/client";
import { expect } from "vitest";

/**
 * The model of one tenant's HR state that random commands run against: leave balances (entitled
 * and taken per employee, paid type only), leaves and their statuses, attended intervals, and
 * payroll runs per month (run, approved, cancelled, paid once). Each command predicts its outcome from the model (a result, or the exact
 * error code) and checks the API's answer against it.
 */
export type HrModel = {
  year: number;
  employees: string[];
  paidType: string;
  unpaidType: string;
  entitled: Map<string, number>;
  leaves: { id: string; employee: string; paid: boolean; start: number; end: number; status: string }[];
  attendance: { employee: string; day: number; from: number; to: number }[];
  runs: { id: string; month: number; status: string }[];
};

export type Counters = { operations: number; refusals: number; kinds: Record<string, number> };

/** A small deterministic generator (mulberry32): the same seed gives the same sequence. */
export function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T | undefined => items[Math.floor(next() * items.length)],
  };
}
type Random = ReturnType<typeof random>;

const dayOfYear = (year: number, day: number) => new Date(Date.UTC(year, 0, day)).toISOString().slice(0, 10);
const taken = (model: HrModel, employee: string) =>
  model.leaves
    .filter((leave) => leave.employee === employee && leave.paid && leave.status === "approved")
    .reduce((total, leave) => total + leave.end - leave.start + 1, 0);
const left = (model: HrModel, employee: string) => (model.entitled.get(employee) ?? 0) - taken(model, employee);

async function outcome<T>(call: Promise<T>): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }> {
  try {
    return { ok: true, value: await call };
  } catch (error) {
    return { ok: false, code: errorCode(error) ?? "UNKNOWN", message: (error as Error).message };
  }
}

function expectOutcome(result: { ok: boolean; code?: string; message?: string }, expected: "ok" | string, what: string) {
  expect(result.ok ? "ok" : `${result.code}`, `${what}: ${result.ok ? "" : result.message}`).toBe(expected);
}

/** One random command against the API, checked against the model; returns its kind. */
export async function runCommand(hr: ErpClient["hr"], model: HrModel, rng: Random, counters: Counters): Promise<void> {
  const kind =
    rng.pick([
      "accrue",
      "submit",
      "submit",
      "approve",
      "approve",
      "reject",
      "cancel",
      "attend",
      "attend",
      "run",
      "approveRun",
      "cancelRun",
      "payRun",
    ] as const) ?? "accrue";
  counters.kinds[kind] = (counters.kinds[kind] ?? 0) + 1;
  const call = <T>(promise: Promise<T>) => {
    counters.operations++;
    return outcome(promise);
  };
  const employee = rng.pick(model.employees) ?? "";
  const note = (expected: string) => {
    if (expected !== "ok") counters.refusals++;
  };
  switch (kind) {
    case "accrue": {
      const days = rng.int(1, 4);
      const result = await call(
        hr.leaveBalances.accrue.mutate({ employee_id: employee, leave_type_id: model.paidType, year: model.year, days: String(days) }),
      );
      expectOutcome(result, "ok", kind);
      model.entitled.set(employee, (model.entitled.get(employee) ?? 0) + days);
      return;
    }
    case "submit": {
      const paid = rng.int(0, 3) > 0;
      const start = rng.int(1, 120);
      const end = start + rng.int(0, 3);
      const expected = paid && left(model, employee) < end - start + 1 ? "BAD_REQUEST" : "ok";
      note(expected);
      const result = await call(
        hr.leaves.submit.mutate({
          employee_id: employee,
          leave_type_id: paid ? model.paidType : model.unpaidType,
          start_date: dayOfYear(model.year, start),
          end_date: dayOfYear(model.year, end),
        }),
      );
      expectOutcome(result, expected, `${kind} ${paid ? "paid" : "unpaid"} ${end - start + 1} days, ${left(model, employee)} left`);
      if (result.ok) model.leaves.push({ id: result.value.id, employee, paid, start, end, status: "requested" });
      return;
    }
    case "approve":
    case "reject":
    case "cancel": {
      const leave = rng.pick(
        model.leaves.filter((row) => (kind === "cancel" ? row.status !== "cancelled" : row.status === "requested")) ?? [],
      );
      if (!leave) return;
      let expected = "ok";
      if (kind === "cancel" && leave.status === "rejected") expected = "CONFLICT";
      if (kind === "approve") {
        const overlaps = model.leaves.some(
          (other) =>
            other.employee === leave.employee && other.status === "approved" && other.start <= leave.end && leave.start <= other.end,
        );
        if (overlaps) expected = "CONFLICT";
        else if (leave.paid && left(model, leave.employee) < leave.end - leave.start + 1) expected = "BAD_REQUEST";
      }
      note(expected);
      const result = await call(hr.leaves[kind].mutate({ id: leave.id }));
      expectOutcome(result, expected, `${kind} of a ${leave.status} leave`);
      if (result.ok) leave.status = { approve: "approved", reject: "rejected", cancel: "cancelled" }[kind];
      return;
    }
    case "attend": {
      const day = rng.int(1, 120);
      const from = rng.int(0, 23);
      const to = from + rng.int(1, 12);
      const clash = model.attendance.some(
        (row) =>
          row.employee === employee &&
          (row.day === day || (row.day * 24 + row.from < day * 24 + to && day * 24 + from < row.day * 24 + row.to)),
      );
      const expected = clash ? "CONFLICT" : "ok";
      note(expected);
      const at = (hours: number) => new Date(Date.UTC(model.year, 0, day) + hours * 3_600_000).toISOString();
      const result = await call(
        hr.attendance.create.mutate({
          employee_id: employee,
          work_date: dayOfYear(model.year, day),
          check_in: at(from),
          check_out: at(to),
        }),
      );
      expectOutcome(result, expected, `${kind} day ${day} ${from}-${to}`);
      if (result.ok) model.attendance.push({ employee, day, from, to });
      return;
    }
    case "run": {
      const month = rng.int(1, 4);
      const expected = model.runs.some((run) => run.month === month && run.status !== "cancelled") ? "CONFLICT" : "ok";
      note(expected);
      const result = await call(hr.payrollRuns.run.mutate({ year: model.year, month }));
      expectOutcome(result, expected, `${kind} of month ${month}`);
      if (result.ok) {
        expect(result.value.payslips).toHaveLength(model.employees.length + 1);
        model.runs.push({ id: result.value.id, month, status: "draft" });
      }
      return;
    }
    case "approveRun":
    case "cancelRun": {
      const run = rng.pick(model.runs.filter((row) => row.status !== "cancelled"));
      if (!run) return;
      const expected = run.status === "draft" ? "ok" : "CONFLICT";
      note(expected);
      const result = await call(
        kind === "approveRun" ? hr.payrollRuns.approve.mutate({ id: run.id }) : hr.payrollRuns.cancel.mutate({ id: run.id }),
      );
      expectOutcome(result, expected, `${kind} of a ${run.status} run`);
      if (result.ok) run.status = kind === "approveRun" ? "approved" : "cancelled";
      return;
    }
    case "payRun": {
      // Approved runs are paid once; a draft, cancelled or paid one answers CONFLICT.
      const run = rng.pick(model.runs);
      if (!run) return;
      const expected = run.status === "approved" ? "ok" : "CONFLICT";
      note(expected);
      const result = await call(hr.payrollRuns.pay.mutate({ id: run.id, paid_on: dayOfYear(model.year, 130) }));
      expectOutcome(result, expected, `${kind} of a ${run.status} run`);
      if (result.ok) {
        expect(result.value.status).toBe("paid");
        expect(result.value.payment_journal_entry_id).not.toBeNull();
        run.status = "paid";
      }
      return;
    }
  }
}
