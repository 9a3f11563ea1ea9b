import type { ErpClient } from "@erp/client";
import { errorCode } from "@erp/client";

/**
 * The model of field service the model-based test checks the API against: each request's status,
 * billing, visits (booked or not) and parts, the technicians' booked hours, the contract's
 * visits used and its planned preventive visits, and whether a request was rated. Each command predicts whether the API accepts it (and with which error code it
 * refuses), runs it through the typed client and updates the model only when it was accepted.
 */
export type ModelRequest = {
  id: string;
  status: "open" | "assigned" | "in_progress" | "on_hold" | "resolved" | "closed" | "cancelled";
  billing: "paid" | "amc";
  visits: { id: string; technician: number; start: number; end: number; status: "scheduled" | "completed" | "cancelled" }[];
  parts: number;
  billableParts: number;
  invoiced: boolean;
  /** The customer's feedback was recorded (once per request, only when closed). */
  rated: boolean;
};

export type ServiceWorld = {
  client: ErpClient;
  customerId: string;
  categoryId: string;
  productId: string;
  variantId: string;
  technicians: string[];
  /** The shared contract: visits used, and its planned preventive visits (planned ones hold a visit of the allowance). */
  contract: { id: string; included: number; used: number; planned: { id: string; status: "planned" | "scheduled" | "done" }[] };
  /** Hour 0 of this sequence's booking grid (ms), far enough ahead that sequences never meet. */
  base: number;
  requests: ModelRequest[];
  stats: { operations: number; refusals: number; kinds: Record<string, number> };
};

/** A small deterministic generator (mulberry32), so a failing sequence replays from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const hour = (world: ServiceWorld, h: number) => new Date(world.base + h * 3_600_000).toISOString();

async function expectOutcome(world: ServiceWorld, kind: string, expected: string | null, call: () => Promise<unknown>): Promise<unknown> {
  world.stats.operations++;
  world.stats.kinds[kind] = (world.stats.kinds[kind] ?? 0) + 1;
  try {
    const result = await call();
    if (expected !== null) throw new Error(`${kind}: expected ${expected}, the API accepted it`);
    return result;
  } catch (error) {
    if (expected === null || errorCode(error) !== expected) {
      throw new Error(`${kind}: expected ${expected ?? "success"}, got ${errorCode(error) ?? "?"}: ${(error as Error).message}`, {
        cause: error,
      });
    }
    world.stats.refusals++;
    return undefined;
  }
}

type Command = (world: ServiceWorld, next: () => number) => Promise<void>;

const pick = <T>(items: readonly T[], next: () => number): T | undefined => items[Math.floor(next() * items.length)];

const transition =
  (
    action: "start" | "hold" | "resume" | "resolve" | "close" | "reopen" | "cancel" | "unassign",
    from: ModelRequest["status"][],
    to: ModelRequest["status"],
  ): Command =>
  async (world, next) => {
    const request = pick(world.requests, next);
    if (!request) return;
    const ok = from.includes(request.status);
    await expectOutcome(world, action, ok ? null : "CONFLICT", () =>
      world.client.service.requests.transition.mutate({ id: request.id, action, resolution: action === "resolve" ? "Done." : undefined }),
    );
    if (!ok) return;
    request.status = to;
    if (action === "cancel" || action === "unassign") {
      for (const visit of request.visits) if (visit.status === "scheduled") visit.status = "cancelled";
    }
  };

const overlaps = (world: ServiceWorld, technician: number, start: number, end: number) =>
  world.requests.some((r) =>
    r.visits.some((v) => v.technician === technician && v.status !== "cancelled" && v.start < end && start < v.end),
  );

export const commands: Record<string, Command> = {
  create: async (world) => {
    const created = (await expectOutcome(world, "create", null, () =>
      world.client.service.requests.create.mutate({
        customer_id: world.customerId,
        category_id: world.categoryId,
        product_id: world.productId,
        subject: "Model request",
        description: "Made by the model-based test.",
      }),
    )) as { id: string };
    world.requests.push({
      id: created.id,
      status: "open",
      billing: "paid",
      visits: [],
      parts: 0,
      billableParts: 0,
      invoiced: false,
      rated: false,
    });
  },
  assign: async (world, next) => {
    const request = pick(world.requests, next);
    if (!request) return;
    const technician = Math.floor(next() * world.technicians.length);
    const start = Math.floor(next() * 24);
    const end = start + 1 + Math.floor(next() * 2);
    const expected = request.status !== "open" ? "CONFLICT" : overlaps(world, technician, start, end) ? "CONFLICT" : null;
    const result = (await expectOutcome(world, "assign", expected, () =>
      world.client.service.requests.assign.mutate({
        service_request_id: request.id,
        technician_id: world.technicians[technician] ?? "",
        scheduled_start: hour(world, start),
        scheduled_end: hour(world, end),
      }),
    )) as { visit: { id: string } } | undefined;
    if (!result) return;
    request.status = "assigned";
    request.visits.push({ id: result.visit.id, technician, start, end, status: "scheduled" });
  },
  start: transition("start", ["assigned"], "in_progress"),
  hold: transition("hold", ["in_progress"], "on_hold"),
  resume: transition("resume", ["on_hold"], "in_progress"),
  resolve: transition("resolve", ["in_progress"], "resolved"),
  close: transition("close", ["resolved"], "closed"),
  reopen: transition("reopen", ["resolved", "closed"], "open"),
  cancel: transition("cancel", ["open", "assigned"], "cancelled"),
  unassign: transition("unassign", ["assigned"], "open"),
  complete: async (world, next) => {
    const request = pick(world.requests, next);
    const visit = request && pick(request.visits, next);
    if (!request || !visit) return;
    const contractFull = request.billing === "amc" && world.contract.used >= world.contract.included;
    const expected = request.status !== "in_progress" || visit.status !== "scheduled" || contractFull ? "CONFLICT" : null;
    await expectOutcome(world, "complete", expected, () =>
      world.client.service.visits.complete.mutate({ visit_id: visit.id, labor_minutes: 30, work_summary: "Serviced." }),
    );
    if (expected) return;
    visit.status = "completed";
    if (request.billing === "amc") world.contract.used++;
  },
  usePart: async (world, next) => {
    const request = pick(world.requests, next);
    const visit = request && pick(request.visits, next);
    if (!request || !visit) return;
    const expected = request.status !== "in_progress" || visit.status === "cancelled" ? "CONFLICT" : null;
    await expectOutcome(world, "usePart", expected, () =>
      world.client.service.visits.usePart.mutate({
        visit_id: visit.id,
        product_id: world.productId,
        product_variant_id: world.variantId,
        quantity: "1",
      }),
    );
    if (expected) return;
    request.parts++;
    if (request.billing === "paid") request.billableParts++;
  },
  claimCoverage: async (world, next) => {
    const request = pick(world.requests, next);
    if (!request) return;
    const open = ["open", "assigned", "in_progress", "on_hold"].includes(request.status);
    const expected = !open || request.billing !== "paid" || request.parts > 0 ? "CONFLICT" : null;
    const outcome = (await expectOutcome(world, "claimCoverage", expected, () =>
      world.client.service.requests.claimCoverage.mutate({ service_request_id: request.id, convert_to_paid: true }),
    )) as { billing: "paid" | "amc" } | undefined;
    if (!outcome) return;
    const covered = world.contract.used < world.contract.included;
    if (outcome.billing !== (covered ? "amc" : "paid"))
      throw new Error(`claimCoverage: expected ${covered ? "amc" : "paid"}, got ${outcome.billing}`);
    request.billing = outcome.billing;
  },
  invoice: async (world, next) => {
    const request = pick(world.requests, next);
    if (!request) return;
    const hasLines = request.visits.some((v) => v.status === "completed") || request.billableParts > 0;
    const ok = request.billing === "paid" && ["resolved", "closed"].includes(request.status) && !request.invoiced && hasLines;
    await expectOutcome(world, "invoice", ok ? null : "CONFLICT", () =>
      world.client.service.requests.invoice.mutate({ service_request_id: request.id }),
    );
    if (ok) request.invoiced = true;
  },
  planVisit: async (world, next) => {
    const contract = world.contract;
    const open = contract.planned.filter((visit) => visit.status !== "done").length;
    const expected = contract.used + open >= contract.included ? "CONFLICT" : null;
    const day = new Date(Date.now() + Math.floor(next() * 290) * 86_400_000).toISOString().slice(0, 10);
    const visit = (await expectOutcome(world, "planVisit", expected, () =>
      world.client.service.amcVisits.plan.mutate({ amc_contract_id: contract.id, scheduled_date: day }),
    )) as { id: string } | undefined;
    if (visit) contract.planned.push({ id: visit.id, status: "planned" });
  },
  recordVisit: async (world, next) => {
    const contract = world.contract;
    const visit = pick(contract.planned, next);
    if (!visit) return;
    const outcome = pick(["scheduled", "completed", "completed", "missed", "cancelled"] as const, next) ?? "completed";
    const movable = visit.status === "planned" || (visit.status === "scheduled" && outcome !== "scheduled");
    const expected = !movable || (outcome === "completed" && contract.used >= contract.included) ? "CONFLICT" : null;
    await expectOutcome(world, "recordVisit", expected, () => world.client.service.amcVisits.record.mutate({ id: visit.id, outcome }));
    if (expected) return;
    visit.status = outcome === "scheduled" ? "scheduled" : "done";
    if (outcome === "completed") contract.used++;
  },
  note: async (world, next) => {
    const request = pick(world.requests, next);
    if (!request) return;
    await expectOutcome(world, "note", null, () =>
      world.client.service.notes.add.mutate({ service_request_id: request.id, body: "Noted." }),
    );
  },
  feedback: async (world, next) => {
    const request = pick(world.requests, next);
    if (!request) return;
    const expected = request.status !== "closed" || request.rated ? "CONFLICT" : null;
    await expectOutcome(world, "feedback", expected, () =>
      world.client.service.feedback.submit.mutate({ service_request_id: request.id, rating: 1 + Math.floor(next() * 5) }),
    );
    if (!expected) request.rated = true;
  },
};

/** How often each command is drawn: creating and assigning keep the other commands fed. */
export const weights: [keyof typeof commands, number][] = [
  ["create", 3],
  ["assign", 4],
  ["start", 3],
  ["hold", 1],
  ["resume", 1],
  ["resolve", 3],
  ["close", 1],
  ["reopen", 1],
  ["cancel", 1],
  ["unassign", 1],
  ["complete", 3],
  ["usePart", 2],
  ["claimCoverage", 2],
  ["invoice", 2],
  ["planVisit", 1],
  ["recordVisit", 1],
  ["note", 1],
  ["feedback", 1],
];

export function drawCommand(next: () => number): keyof typeof commands {
  const total = weights.reduce((sum, [, weight]) => sum + weight, 0);
  let at = next() * total;
  for (const [name, weight] of weights) {
    at -= weight;
    if (at < 0) return name;
  }
  return "create";
}
