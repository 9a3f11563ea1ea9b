import type { ErpClient } from "@erp/client";
import { tenantNames } from "@erp/tenancy";
import { type DatabaseTransactionConnection, sql } from "slonik";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectStockRulesHold } from "./support/books.ts";
import { expectCode } from "./support/expectCode.ts";
import { openShop, type Shop } from "./support/fixtures.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

/**
 * Field service over the typed client on a professional tenant: requests through their state
 * machine (with history, the reopen window and the SLA breach flag), assignment without double
 * booking (also when two assignments race), coverage by contract or warranty, parts out of stock
 * at cost, and the paid job's invoice; every rule of the system holds afterwards.
 */
let api: TestApi;
let tenant: TestTenant;
let other: TestTenant;
let client: ErpClient;
let shop: Shop;
let categoryId: string;
let technicianA: string;
let technicianB: string;

const hoursFromNow = (hours: number) => new Date(Date.now() + hours * 3_600_000).toISOString();
const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString();

function inTenant<T>(work: (tx: DatabaseTransactionConnection) => Promise<T>): Promise<T> {
  return api.platform.pool.transaction(async (tx) => {
    await tx.query(sql.unsafe`SELECT set_config('search_path', ${tenantNames(tenant.slug).schemaName}, true)`);
    return work(tx);
  });
}

async function newRequest(extra: { priority?: "low" | "medium" | "high" | "urgent"; reported_at?: string; order_id?: string } = {}) {
  return client.service.requests.create.mutate({
    customer_id: shop.customerId,
    category_id: categoryId,
    product_id: shop.productId,
    subject: "Mug leaks",
    description: "The mug leaks at the handle.",
    ...extra,
  });
}

beforeAll(async () => {
  api = await startTestApi();
  tenant = await api.provision("svc", "professional");
  other = await api.provision("svcother", "professional");
  client = tenant.client;
  shop = await openShop(client, "SVC", 20);
  categoryId = (await client.service.categories.create.mutate({ code: "REPAIR", name: "Repair" })).id;
  technicianA = (
    await client.service.technicians.create.mutate({
      technician_code: "T1",
      name: "Ada",
      home_warehouse_id: shop.warehouseId,
      hourly_rate: "60",
    })
  ).id;
  technicianB = (await client.service.technicians.create.mutate({ technician_code: "T2", name: "Bo", hourly_rate: "45" })).id;
  await inTenant((tx) =>
    tx.query(sql.unsafe`
      INSERT INTO sla_policies (code, name, priority, response_minutes, resolution_minutes)
      VALUES ('URG', 'Urgent', 'urgent', 30, 240), ('MED', 'Medium', 'medium', 240, 2880)`),
  );
});

afterAll(async () => {
  await api?.close();
});

describe("service requests", () => {
  test("go open → assigned → in progress → resolved → closed, each step in the history, and reopen within the window", async () => {
    const request = await newRequest();
    expect(request.status).toBe("open");
    expect(request.resolution_due_at).not.toBeNull();
    const { visit } = await client.service.requests.assign.mutate({
      service_request_id: request.id,
      technician_id: technicianA,
      scheduled_start: hoursFromNow(1),
      scheduled_end: hoursFromNow(3),
    });
    expect(visit.status).toBe("scheduled");
    await client.service.requests.transition.mutate({ id: request.id, action: "start" });
    await expectCode(client.service.requests.transition.mutate({ id: request.id, action: "resolve" }), "BAD_REQUEST");
    const resolved = await client.service.requests.transition.mutate({ id: request.id, action: "resolve", resolution: "New seal." });
    expect(resolved.status).toBe("resolved");
    expect(resolved.sla_breached).toBe(false);
    const closed = await client.service.requests.transition.mutate({ id: request.id, action: "close" });
    expect(closed.closed_at).not.toBeNull();
    const reopened = await client.service.requests.transition.mutate({ id: request.id, action: "reopen", reason: "Leaks again" });
    expect(reopened.status).toBe("open");
    const history = await client.service.requests.history.query({ id: request.id });
    expect(history.map((row) => row.to_status)).toEqual(["open", "assigned", "in_progress", "resolved", "closed", "open"]);
    expect(history.at(-1)?.reason).toBe("Leaks again");
    await expectCode(client.service.requests.transition.mutate({ id: request.id, action: "close" }), "CONFLICT");
    await expectStockRulesHold(api, tenant.slug);
  });

  test("cannot be reopened more than 14 days after the resolution", async () => {
    const request = await newRequest({ reported_at: daysAgo(30) });
    await client.service.requests.assign.mutate({
      service_request_id: request.id,
      technician_id: technicianB,
      scheduled_start: hoursFromNow(200),
      scheduled_end: hoursFromNow(201),
    });
    await client.service.requests.transition.mutate({ id: request.id, action: "start" });
    await client.service.requests.transition.mutate({ id: request.id, action: "resolve", resolution: "Fixed." });
    // 20 days pass: the request's dates move back (nothing in the API turns the clock)
    await inTenant((tx) =>
      tx.query(sql.unsafe`
        UPDATE service_requests SET reported_at = reported_at - interval '20 days', first_response_at = first_response_at - interval '20 days',
          resolved_at = resolved_at - interval '20 days', response_due_at = response_due_at - interval '20 days',
          resolution_due_at = resolution_due_at - interval '20 days'
        WHERE id = ${request.id}`),
    );
    const message = await expectCode(client.service.requests.transition.mutate({ id: request.id, action: "reopen" }), "BAD_REQUEST");
    expect(message).toMatch(/can be reopened only within 14 days/);
    expect((await client.service.requests.get.query({ id: request.id })).status).toBe("resolved");
  });

  test("flag an SLA breach: unresolved past the due time, or resolved late", async () => {
    const late = await newRequest({ priority: "urgent", reported_at: daysAgo(2) });
    expect(late.sla_breached).toBe(true);
    expect((await client.service.requests.flagSlaBreaches.mutate({})).flagged).toBeGreaterThanOrEqual(1);
    const listed = await client.service.requests.list.query({ limit: 100, sla_breached: true });
    expect(listed.items.map((row) => row.id)).toContain(late.id);
    const fresh = await newRequest({ priority: "urgent" });
    expect(fresh.sla_breached).toBe(false);
  });

  test("refuse bad input and unknown rows with one sentence", async () => {
    await expectCode(newRequest({ reported_at: hoursFromNow(5) }), "BAD_REQUEST");
    await expectCode(
      client.service.requests.create.mutate({ customer_id: shop.customerId, category_id: shop.productId, subject: "x", description: "y" }),
      "NOT_FOUND",
    );
  });
});

describe("technician assignment", () => {
  test("never books a technician twice at once, and suggests only free technicians", async () => {
    const first = await newRequest();
    const second = await newRequest();
    const slot = { scheduled_start: hoursFromNow(30), scheduled_end: hoursFromNow(32) };
    await client.service.requests.assign.mutate({ service_request_id: first.id, technician_id: technicianA, ...slot });
    const message = await expectCode(
      client.service.requests.assign.mutate({
        service_request_id: second.id,
        technician_id: technicianA,
        scheduled_start: hoursFromNow(31),
        scheduled_end: hoursFromNow(33),
      }),
      "CONFLICT",
    );
    expect(message).toMatch(/already booked/);
    expect((await client.service.requests.get.query({ id: second.id })).status).toBe("open");
    const suggested = await client.service.requests.suggestTechnicians.query({ service_request_id: second.id, ...slot });
    expect(suggested.map((row) => row.technician_id)).toEqual([technicianB]);
    const inTerritory = await client.service.requests.suggestTechnicians.query({
      service_request_id: second.id,
      scheduled_start: hoursFromNow(40),
      scheduled_end: hoursFromNow(41),
      warehouse_id: shop.warehouseId,
    });
    expect(inTerritory.map((row) => row.technician_id)).toEqual([technicianA]);
    // skills: a skill record (or the technician's skills list) is required when asked for
    await inTenant((tx) => tx.query(sql.unsafe`INSERT INTO technician_skills (technician_id, skill) VALUES (${technicianB}, 'hvac')`));
    const skilled = await client.service.requests.suggestTechnicians.query({ service_request_id: second.id, ...slot, skill: "hvac" });
    expect(skilled.map((row) => row.technician_id)).toEqual([technicianB]);
    expect(await client.service.requests.suggestTechnicians.query({ service_request_id: second.id, ...slot, skill: "welding" })).toEqual(
      [],
    );
    await expectCode(
      client.service.requests.suggestTechnicians.query({
        service_request_id: second.id,
        scheduled_start: slot.scheduled_end,
        scheduled_end: slot.scheduled_start,
      }),
      "BAD_REQUEST",
    );
    // back to back is fine
    await client.service.requests.assign.mutate({
      service_request_id: second.id,
      technician_id: technicianA,
      scheduled_start: slot.scheduled_end,
      scheduled_end: hoursFromNow(34),
    });
  });

  test("two assignments racing for the same technician and time: one wins, the other gets CONFLICT", async () => {
    const [a, b] = [await newRequest(), await newRequest()];
    const slot = { technician_id: technicianB, scheduled_start: hoursFromNow(50), scheduled_end: hoursFromNow(52) };
    const outcomes = await Promise.allSettled([
      client.service.requests.assign.mutate({ service_request_id: a.id, ...slot }),
      client.service.requests.assign.mutate({ service_request_id: b.id, ...slot }),
    ]);
    expect(outcomes.filter((outcome) => outcome.status === "fulfilled")).toHaveLength(1);
    const failed = outcomes.find((outcome) => outcome.status === "rejected");
    await expectCode(Promise.reject(failed?.status === "rejected" ? failed.reason : new Error("none failed")), "CONFLICT");
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("coverage, parts and invoices", () => {
  test("an active contract covers the request and each completed visit uses one of its visits, never more", async () => {
    const contract = await client.service.amcContracts.create.mutate({
      customer_id: shop.customerId,
      start_date: daysAgo(10).slice(0, 10),
      end_date: daysAgo(-300).slice(0, 10),
      visits_included: 1,
      items: [{ product_id: shop.productId }],
    });
    const request = await newRequest();
    const outcome = await client.service.requests.claimCoverage.mutate({ service_request_id: request.id });
    expect(outcome).toMatchObject({ billing: "amc", amc_contract_id: contract.id });
    const { visit } = await client.service.requests.assign.mutate({
      service_request_id: request.id,
      technician_id: technicianB,
      scheduled_start: hoursFromNow(60),
      scheduled_end: hoursFromNow(61),
    });
    await client.service.requests.transition.mutate({ id: request.id, action: "start" });
    await client.service.visits.complete.mutate({ visit_id: visit.id, labor_minutes: 30, work_summary: "Checked." });
    expect((await client.service.amcContracts.get.query({ id: contract.id })).visits_used).toBe(1);
    // the allowance is used up: the next request of the customer is not covered by it
    const next = await newRequest();
    await expectCode(client.service.requests.claimCoverage.mutate({ service_request_id: next.id }), "CONFLICT");
    // the database refuses more visits than the contract includes, whoever writes them
    await expect(
      inTenant((tx) => tx.query(sql.unsafe`UPDATE amc_contracts SET visits_used = 2 WHERE id = ${contract.id}`)),
    ).rejects.toThrow(/check/);
  });

  test("a claim outside the warranty is refused in one sentence, or becomes a paid job that parts and labor are invoiced on", async () => {
    const order = await client.sales.orders.create.mutate({
      customer_id: shop.customerId,
      lines: [{ product_variant_id: shop.variantId, quantity: "1" }],
    });
    await client.sales.orders.confirm.mutate({ id: order.id });
    await client.sales.orders.ship.mutate({ id: order.id });
    await client.sales.orders.deliver.mutate({ id: order.id });
    // reported before the delivery: outside the warranty, which runs from the delivery
    const request = await newRequest({ order_id: order.id, reported_at: daysAgo(3) });
    const refused = await expectCode(client.service.requests.claimCoverage.mutate({ service_request_id: request.id }), "CONFLICT");
    expect(refused).toMatch(/outside warranty .* the work is chargeable/);
    const paid = await client.service.requests.claimCoverage.mutate({ service_request_id: request.id, convert_to_paid: true });
    expect(paid.billing).toBe("paid");
    const { visit } = await client.service.requests.assign.mutate({
      service_request_id: request.id,
      technician_id: technicianA,
      scheduled_start: hoursFromNow(70),
      scheduled_end: hoursFromNow(72),
    });
    await client.service.requests.transition.mutate({ id: request.id, action: "start" });
    const part = await client.service.visits.usePart.mutate({
      visit_id: visit.id,
      product_id: shop.productId,
      product_variant_id: shop.variantId,
      quantity: "2",
    });
    expect(part.is_billable).toBe(true);
    await expectCode(
      client.service.visits.usePart.mutate({
        visit_id: visit.id,
        product_id: shop.productId,
        product_variant_id: shop.variantId,
        quantity: "500",
      }),
      "CONFLICT",
    );
    await client.service.visits.complete.mutate({ visit_id: visit.id, labor_minutes: 90, work_summary: "Replaced the handle." });
    await expectCode(client.service.requests.invoice.mutate({ service_request_id: request.id }), "CONFLICT");
    await client.service.requests.transition.mutate({ id: request.id, action: "resolve", resolution: "Handle replaced." });
    const invoice = await client.service.requests.invoice.mutate({ service_request_id: request.id });
    // 90 min at 60/h = 90.00, two mugs at 12.50 = 25.00
    expect(invoice.grand_total).toBe("115.0000");
    expect(invoice.order_id).toBeNull();
    await expectCode(client.service.requests.invoice.mutate({ service_request_id: request.id }), "CONFLICT");
    await expectStockRulesHold(api, tenant.slug);
  });

  test("a claim inside the warranty opens a warranty claim", async () => {
    const order = await client.sales.orders.create.mutate({
      customer_id: shop.customerId,
      lines: [{ product_variant_id: shop.variantId, quantity: "1" }],
    });
    await client.sales.orders.confirm.mutate({ id: order.id });
    await client.sales.orders.ship.mutate({ id: order.id });
    await client.sales.orders.deliver.mutate({ id: order.id });
    const request = await newRequest({ order_id: order.id });
    const covered = await client.service.requests.claimCoverage.mutate({ service_request_id: request.id });
    expect(covered.billing).toBe("warranty");
    expect(covered.warranty_claim_id).not.toBeNull();
    await expectCode(client.service.requests.claimCoverage.mutate({ service_request_id: request.id }), "CONFLICT");
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("warranty claim decisions", () => {
  /** A request on a delivered order, inside the warranty: its claim is filed (submitted) for `amount`. */
  async function filedClaim(amount: string) {
    const order = await client.sales.orders.create.mutate({
      customer_id: shop.customerId,
      lines: [{ product_variant_id: shop.variantId, quantity: "1" }],
    });
    await client.sales.orders.confirm.mutate({ id: order.id });
    await client.sales.orders.ship.mutate({ id: order.id });
    await client.sales.orders.deliver.mutate({ id: order.id });
    const request = await newRequest({ order_id: order.id });
    const covered = await client.service.requests.claimCoverage.mutate({ service_request_id: request.id, amount });
    return { requestId: request.id, claimId: covered.warranty_claim_id ?? "" };
  }

  test("review, approve for at most what was claimed, settle; each decision once", async () => {
    const { claimId, requestId } = await filedClaim("40");
    expect(await client.service.warrantyClaims.get.query({ id: claimId })).toMatchObject({ status: "submitted", amount: "40.0000" });
    expect((await client.service.warrantyClaims.decide.mutate({ id: claimId, decision: "review" })).status).toBe("under_review");
    expect(
      await expectCode(
        client.service.warrantyClaims.decide.mutate({ id: claimId, decision: "approve", approved_amount: "41" }),
        "BAD_REQUEST",
      ),
    ).toMatch(/approved_amount: 41.0000 is more than the 40.0000 claimed/);
    const approved = await client.service.warrantyClaims.decide.mutate({
      id: claimId,
      decision: "approve",
      approved_amount: "30",
      resolution: "repair",
    });
    expect(approved).toMatchObject({ status: "approved", approved_amount: "30.0000", resolution: "repair" });
    expect(approved.decided_by).not.toBeNull();
    expect(approved.decided_at).not.toBeNull();
    expect(
      await expectCode(client.service.warrantyClaims.decide.mutate({ id: claimId, decision: "reject", reason: "No." }), "CONFLICT"),
    ).toMatch(/is approved: reject applies to a claim that is submitted or under_review/);
    expect((await client.service.warrantyClaims.decide.mutate({ id: claimId, decision: "settle" })).status).toBe("settled");
    await expectCode(client.service.warrantyClaims.decide.mutate({ id: claimId, decision: "settle" }), "CONFLICT");
    // Approved: the request stays a warranty job.
    expect((await client.service.requests.get.query({ id: requestId })).billing).toBe("warranty");
    const listed = await client.service.warrantyClaims.list.query({ status: "settled" });
    expect(listed.items.map((claim) => claim.id)).toEqual([claimId]);
    await expectStockRulesHold(api, tenant.slug);
  });

  test("a rejection needs a reason and turns the request into a paid job; the database keeps the states", async () => {
    const { claimId, requestId } = await filedClaim("25");
    await expectCode(client.service.warrantyClaims.decide.mutate({ id: claimId, decision: "reject" }), "BAD_REQUEST");
    await expectCode(client.service.warrantyClaims.decide.mutate({ id: claimId, decision: "reject", reason: "  " }), "BAD_REQUEST");
    await expectCode(client.service.warrantyClaims.decide.mutate({ id: claimId, decision: "settle" }), "CONFLICT");
    const rejected = await client.service.warrantyClaims.decide.mutate({
      id: claimId,
      decision: "reject",
      reason: "The damage comes from a fall, which the warranty does not cover.",
    });
    expect(rejected).toMatchObject({
      status: "rejected",
      rejection_reason: "The damage comes from a fall, which the warranty does not cover.",
    });
    expect((await client.service.requests.get.query({ id: requestId })).billing).toBe("paid");
    await expectCode(client.service.warrantyClaims.decide.mutate({ id: claimId, decision: "approve" }), "CONFLICT");
    await expect(
      inTenant((tx) => tx.query(sql.unsafe`UPDATE warranty_claims SET status = 'submitted' WHERE id = ${claimId}`)),
    ).rejects.toThrow(/cannot go from rejected to submitted/);
    const other = await filedClaim("5");
    await expect(
      inTenant((tx) =>
        tx.query(sql.unsafe`UPDATE warranty_claims SET status = 'rejected', decided_at = now() WHERE id = ${other.claimId}`),
      ),
    ).rejects.toMatchObject({ constraint: "warranty_claims_rejection_reason" });
    await expect(
      inTenant((tx) => tx.query(sql.unsafe`UPDATE warranty_claims SET status = 'approved' WHERE id = ${other.claimId}`)),
    ).rejects.toMatchObject({ constraint: "warranty_claims_decided" });
    await expectCode(client.service.warrantyClaims.decide.mutate({ id: requestId, decision: "review" }), "NOT_FOUND");
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("SLA policies, technician skills, planned visits, notes and feedback", () => {
  test("an SLA policy created through the API sets a new request's due times; retired, it no longer does", async () => {
    const policy = await client.service.slaPolicies.create.mutate({
      code: "HIGH",
      name: "High priority",
      priority: "high",
      service_category_id: categoryId,
      response_minutes: 60,
      resolution_minutes: 480,
    });
    const reportedAt = "2026-01-05T08:00:00.000Z";
    const request = await newRequest({ priority: "high", reported_at: reportedAt });
    expect(request.sla_policy_id).toBe(policy.id);
    expect(new Date(request.response_due_at ?? "").toISOString()).toBe("2026-01-05T09:00:00.000Z");
    expect(new Date(request.resolution_due_at ?? "").toISOString()).toBe("2026-01-05T16:00:00.000Z");
    await expectCode(
      client.service.slaPolicies.create.mutate({ code: "BAD", name: "Bad", response_minutes: 60, resolution_minutes: 30 }),
      "BAD_REQUEST",
    );
    await expectCode(
      client.service.slaPolicies.create.mutate({ code: "HIGH", name: "Again", response_minutes: 1, resolution_minutes: 1 }),
      "CONFLICT",
    );
    await client.service.slaPolicies.update.mutate({ id: policy.id, patch: { is_active: false } });
    expect((await newRequest({ priority: "high", reported_at: reportedAt })).response_due_at).toBeNull();
    expect((await client.service.slaPolicies.list.query({ priority: "high" })).items.map((row) => row.id)).toEqual([policy.id]);
  });

  test("technician skills are added and removed, and suggestions follow them", async () => {
    const request = await newRequest();
    const slot = { service_request_id: request.id, scheduled_start: hoursFromNow(200), scheduled_end: hoursFromNow(201) };
    expect(await client.service.requests.suggestTechnicians.query({ ...slot, skill: "welding" })).toEqual([]);
    const skill = await client.service.technicianSkills.create.mutate({
      technician_id: technicianA,
      skill: "welding",
      service_category_id: categoryId,
      level: "expert",
    });
    const suggested = await client.service.requests.suggestTechnicians.query({ ...slot, skill: "welding" });
    expect(suggested.map((row) => [row.technician_id, row.category_skill])).toEqual([[technicianA, true]]);
    await expectCode(client.service.technicianSkills.create.mutate({ technician_id: technicianA, skill: "welding" }), "CONFLICT");
    await expectCode(client.service.technicianSkills.create.mutate({ technician_id: categoryId, skill: "x" }), "NOT_FOUND");
    expect((await client.service.technicianSkills.list.query({ technician_id: technicianA })).items.map((row) => row.skill)).toEqual([
      "welding",
    ]);
    await client.service.technicianSkills.remove.mutate({ id: skill.id });
    expect(await client.service.requests.suggestTechnicians.query({ ...slot, skill: "welding" })).toEqual([]);
  });

  test("planned visits of a contract stay within its allowance and use a visit when completed, once", async () => {
    const contract = await client.service.amcContracts.create.mutate({
      customer_id: shop.customerId,
      start_date: "2026-01-01",
      end_date: "2026-12-31",
      visits_included: 2,
    });
    const first = await client.service.amcVisits.plan.mutate({ amc_contract_id: contract.id, scheduled_date: "2026-03-01" });
    const second = await client.service.amcVisits.plan.mutate({ amc_contract_id: contract.id, scheduled_date: "2026-09-01" });
    expect([first.visit_sequence, second.visit_sequence, first.status]).toEqual([1, 2, "planned"]);
    expect(
      await expectCode(client.service.amcVisits.plan.mutate({ amc_contract_id: contract.id, scheduled_date: "2026-10-01" }), "CONFLICT"),
    ).toMatch(/includes 2 visits: 0 used and 2 planned leave none to plan/);
    await expectCode(client.service.amcVisits.plan.mutate({ amc_contract_id: contract.id, scheduled_date: "2027-01-02" }), "BAD_REQUEST");
    expect((await client.service.amcVisits.record.mutate({ id: first.id, outcome: "scheduled" })).status).toBe("scheduled");
    const done = await client.service.amcVisits.record.mutate({ id: first.id, outcome: "completed" });
    expect(done.completed_at).not.toBeNull();
    expect((await client.service.amcContracts.get.query({ id: contract.id })).visits_used).toBe(1);
    await expectCode(client.service.amcVisits.record.mutate({ id: first.id, outcome: "completed" }), "CONFLICT");
    await client.service.amcVisits.record.mutate({ id: second.id, outcome: "cancelled" });
    const third = await client.service.amcVisits.plan.mutate({ amc_contract_id: contract.id, scheduled_date: "2026-11-01" });
    expect(third.visit_sequence).toBe(3);
    expect((await client.service.amcVisits.list.query({ amc_contract_id: contract.id })).map((row) => row.status)).toEqual([
      "completed",
      "cancelled",
      "planned",
    ]);
    await expect(inTenant((tx) => tx.query(sql.unsafe`UPDATE amc_visits SET status = 'planned' WHERE id = ${first.id}`))).rejects.toThrow(
      /cannot go from completed to planned/,
    );
    await expectStockRulesHold(api, tenant.slug);
  });

  test("notes on a request; feedback once the request is closed, once, rated 1 to 5", async () => {
    const request = await newRequest();
    const note = await client.service.notes.add.mutate({ service_request_id: request.id, body: "Customer prefers mornings." });
    expect(note).toMatchObject({ is_internal: true, body: "Customer prefers mornings." });
    expect(note.author_user_id).not.toBeNull();
    await client.service.notes.add.mutate({ service_request_id: request.id, body: "Called back.", is_internal: false });
    expect((await client.service.notes.list.query({ service_request_id: request.id })).items.map((row) => row.body)).toEqual([
      "Customer prefers mornings.",
      "Called back.",
    ]);
    await expectCode(client.service.notes.add.mutate({ service_request_id: request.id, body: " " }), "BAD_REQUEST");
    await expectCode(client.service.notes.add.mutate({ service_request_id: categoryId, body: "x" }), "NOT_FOUND");
    await expectCode(
      client.service.notes.add.mutate({ service_request_id: request.id, body: "x", service_visit_id: categoryId }),
      "NOT_FOUND",
    );

    expect(await expectCode(client.service.feedback.submit.mutate({ service_request_id: request.id, rating: 5 }), "CONFLICT")).toMatch(
      /is open: feedback is given once it is closed/,
    );
    await expect(
      inTenant((tx) =>
        tx.query(
          sql.unsafe`INSERT INTO service_feedback (service_request_id, customer_id, rating) VALUES (${request.id}, ${shop.customerId}, 4)`,
        ),
      ),
    ).rejects.toThrow(/feedback is given by its customer once it is closed/);
    await client.service.requests.assign.mutate({
      service_request_id: request.id,
      technician_id: technicianB,
      scheduled_start: hoursFromNow(300),
      scheduled_end: hoursFromNow(301),
    });
    await client.service.requests.transition.mutate({ id: request.id, action: "start" });
    await client.service.requests.transition.mutate({ id: request.id, action: "resolve", resolution: "Fixed." });
    await client.service.requests.transition.mutate({ id: request.id, action: "close" });
    await expectCode(client.service.feedback.submit.mutate({ service_request_id: request.id, rating: 6 }), "BAD_REQUEST");
    await expectCode(client.service.feedback.submit.mutate({ service_request_id: request.id, rating: 0 }), "BAD_REQUEST");
    const feedback = await client.service.feedback.submit.mutate({ service_request_id: request.id, rating: 4, would_recommend: true });
    expect(feedback).toMatchObject({ rating: 4, customer_id: shop.customerId, would_recommend: true });
    expect(await client.service.feedback.get.query({ service_request_id: request.id })).toEqual(feedback);
    await expectCode(client.service.feedback.submit.mutate({ service_request_id: request.id, rating: 5 }), "CONFLICT");
    await expectStockRulesHold(api, tenant.slug);
  });
});

describe("isolation and tiers", () => {
  test("another tenant gets NOT_FOUND for every new procedure on this tenant's rows", async () => {
    const request = await newRequest();
    const contract = await client.service.amcContracts.create.mutate({
      customer_id: shop.customerId,
      start_date: "2026-01-01",
      end_date: "2026-12-31",
      visits_included: 2,
    });
    const { visit } = await client.service.requests.assign.mutate({
      service_request_id: request.id,
      technician_id: technicianB,
      scheduled_start: hoursFromNow(80),
      scheduled_end: hoursFromNow(81),
    });
    const them = other.client.service;
    const slot = { scheduled_start: hoursFromNow(90), scheduled_end: hoursFromNow(91) };
    await expectCode(them.requests.get.query({ id: request.id }), "NOT_FOUND");
    await expectCode(them.requests.history.query({ id: request.id }), "NOT_FOUND");
    await expectCode(them.requests.transition.mutate({ id: request.id, action: "start" }), "NOT_FOUND");
    await expectCode(them.requests.assign.mutate({ service_request_id: request.id, technician_id: technicianA, ...slot }), "NOT_FOUND");
    await expectCode(them.requests.suggestTechnicians.query({ service_request_id: request.id, ...slot }), "NOT_FOUND");
    await expectCode(them.requests.claimCoverage.mutate({ service_request_id: request.id }), "NOT_FOUND");
    await expectCode(them.requests.invoice.mutate({ service_request_id: request.id }), "NOT_FOUND");
    await expectCode(them.visits.complete.mutate({ visit_id: visit.id, labor_minutes: 1, work_summary: "x" }), "NOT_FOUND");
    await expectCode(them.visits.usePart.mutate({ visit_id: visit.id, product_id: shop.productId, quantity: "1" }), "NOT_FOUND");
    await expectCode(them.amcContracts.get.query({ id: contract.id }), "NOT_FOUND");
    await expectCode(
      them.amcContracts.create.mutate({
        customer_id: shop.customerId,
        start_date: "2026-01-01",
        end_date: "2026-12-31",
        visits_included: 1,
      }),
      "NOT_FOUND",
    );
    await expectCode(
      them.requests.create.mutate({ customer_id: shop.customerId, category_id: categoryId, subject: "x", description: "y" }),
      "NOT_FOUND",
    );
    expect((await them.requests.list.query({ limit: 100 })).items).toEqual([]);
    expect((await them.visits.list.query({ limit: 100 })).items).toEqual([]);
    expect((await them.amcContracts.list.query({ limit: 100 })).items).toEqual([]);
    expect((await them.requests.flagSlaBreaches.mutate({})).flagged).toBe(0);
    const claim = (await client.service.warrantyClaims.list.query({})).items[0]?.id ?? "";
    await expectCode(them.warrantyClaims.get.query({ id: claim }), "NOT_FOUND");
    await expectCode(them.warrantyClaims.decide.mutate({ id: claim, decision: "review" }), "NOT_FOUND");
    expect((await them.warrantyClaims.list.query({})).items).toEqual([]);
    const policy = (await client.service.slaPolicies.list.query({})).items[0]?.id ?? "";
    await expectCode(them.slaPolicies.get.query({ id: policy }), "NOT_FOUND");
    await expectCode(them.slaPolicies.update.mutate({ id: policy, patch: { is_active: false } }), "NOT_FOUND");
    await expectCode(them.technicianSkills.create.mutate({ technician_id: technicianA, skill: "x" }), "NOT_FOUND");
    await expectCode(them.amcVisits.plan.mutate({ amc_contract_id: contract.id, scheduled_date: "2026-05-01" }), "NOT_FOUND");
    await expectCode(them.amcVisits.list.query({ amc_contract_id: contract.id }), "NOT_FOUND");
    const planned = await client.service.amcVisits.plan.mutate({ amc_contract_id: contract.id, scheduled_date: "2026-05-01" });
    await expectCode(them.amcVisits.record.mutate({ id: planned.id, outcome: "completed" }), "NOT_FOUND");
    await expectCode(them.notes.add.mutate({ service_request_id: request.id, body: "x" }), "NOT_FOUND");
    await expectCode(them.notes.list.query({ service_request_id: request.id }), "NOT_FOUND");
    await expectCode(them.feedback.submit.mutate({ service_request_id: request.id, rating: 3 }), "NOT_FOUND");
    await expectCode(them.feedback.get.query({ service_request_id: request.id }), "NOT_FOUND");
    expect((await them.slaPolicies.list.query({})).items).toEqual([]);
    expect((await them.technicianSkills.list.query({})).items).toEqual([]);
  });

  test("a growth tenant gets FORBIDDEN for the service module", async () => {
    const growth = await api.provision("svcgrowth", "growth");
    await expectCode(growth.client.service.requests.list.query({ limit: 10 }), "FORBIDDEN");
    await expectCode(growth.client.service.requests.flagSlaBreaches.mutate({}), "FORBIDDEN");
    await expectCode(growth.client.service.visits.list.query({ limit: 10 }), "FORBIDDEN");
    await expectCode(growth.client.service.amcContracts.list.query({ limit: 10 }), "FORBIDDEN");
    await expectCode(growth.client.service.warrantyClaims.list.query({}), "FORBIDDEN");
    await expectCode(growth.client.service.slaPolicies.list.query({}), "FORBIDDEN");
    await expectCode(growth.client.service.technicianSkills.list.query({}), "FORBIDDEN");
    await expectCode(growth.client.service.amcVisits.list.query({ amc_contract_id: categoryId }), "FORBIDDEN");
    await expectCode(growth.client.service.notes.list.query({ service_request_id: categoryId }), "FORBIDDEN");
    await expectCode(growth.client.service.feedback.submit.mutate({ service_request_id: categoryId, rating: 3 }), "FORBIDDEN");
    await expectCode(growth.client.service.warrantyClaims.decide.mutate({ id: categoryId, decision: "review" }), "FORBIDDEN");
  });
});
