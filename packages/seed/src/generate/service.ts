import { byCode } from "../reference/loadReference.ts";
import { Calendar } from "./calendar.ts";
import type { Catalog } from "./catalog.ts";
import type { UnitContext } from "./context.ts";
import { emailAddress, numbered } from "./keyTag.ts";
import type { Sales } from "./sales.ts";
import { serviceRequestShapes } from "./serviceShapes.ts";

const skills = ["installation", "electrical", "plumbing", "hvac", "diagnostics"];
const priorities = ["low", "medium", "high", "urgent"] as const;

/**
 * Field service: technicians based at the warehouse, maintenance contracts, and service requests
 * whose timestamps follow the work (reported, first response, visit, resolved, closed) within
 * the SLA of their priority.
 */
export function generateService(ctx: UnitContext, catalog: Catalog, sales: Sales): void {
  const { faker, id, data, tag, volumes, reference, calendar } = ctx;
  const warehouse = reference.warehouses[0];
  const technicians = Array.from({ length: volumes.technicians }, (_, k) => {
    const name = faker.person.fullName();
    return data.add("technicians", {
      id: id(),
      technician_code: numbered(tag, "T", k + 1, 4),
      name,
      email: emailAddress(tag, name, k + 1, "service.example.com"),
      phone: faker.phone.number({ style: "national" }),
      skills: faker.helpers.arrayElements(skills, { min: 1, max: 3 }),
      status: "active",
      hourly_rate: `${faker.number.int({ min: 45, max: 95 })}.00`,
      currency: "USD",
      home_warehouse_id: warehouse?.id ?? null,
    });
  });
  for (let k = 0; k < volumes.amcContracts; k++) {
    const customer = sales.customers[k % sales.customers.length];
    if (!customer) continue;
    const start = Calendar.day(calendar.before(faker.number.int({ min: 30, max: 300 })));
    data.add("amc_contracts", {
      id: id(),
      contract_number: numbered(tag, "AMC", k + 1),
      customer_id: customer.id,
      customer_address_id: customer.shippingAddressId,
      sla_policy_id: byCode(reference.slaPolicies, "SLA-MEDIUM", "SLA policy").id,
      start_date: start,
      end_date: Calendar.addDays(start, 365),
      amount: `${faker.number.int({ min: 6, max: 40 }) * 100}.00`,
      currency: "USD",
      billing_frequency: "annually",
      visits_included: 4,
      status: "active",
    });
  }

  for (const shape of serviceRequestShapes(volumes)) {
    const k = shape.index;
    const customer = sales.customers[k % sales.customers.length];
    const product = catalog.products[(k * 7) % catalog.products.length];
    const category = reference.serviceCategories[k % reference.serviceCategories.length];
    if (!customer || !product || !category) continue;
    const priority = priorities[k % priorities.length] as (typeof priorities)[number];
    const sla = reference.slaPolicies.find((policy) => policy.priority === priority);
    const reportedAt = calendar.before(3 + ((k * 7) % 40), faker.number.int({ min: 8 * 60, max: 17 * 60 }));
    const respondedAt = shape.assigned ? Calendar.after(reportedAt, faker.number.int({ min: 10, max: sla?.response_minutes ?? 60 })) : null;
    const visitStart = shape.visited && respondedAt ? Calendar.after(respondedAt, 120) : null;
    const laborMinutes = faker.number.int({ min: 30, max: 150 });
    const done = shape.status === "resolved" || shape.status === "closed";
    const departedAt = done && visitStart ? Calendar.after(visitStart, laborMinutes) : null;
    const resolvedAt = departedAt ? Calendar.after(departedAt, faker.number.int({ min: 15, max: 120 })) : null;
    const closedAt = shape.status === "closed" && resolvedAt ? Calendar.after(resolvedAt, 24 * 60) : null;
    const requestId = id();
    data.add("service_requests", {
      id: requestId,
      request_number: numbered(tag, "SR", k + 1),
      customer_id: customer.id,
      customer_address_id: customer.shippingAddressId,
      product_id: product.id,
      category_id: category.id,
      sla_policy_id: sla?.id ?? null,
      priority,
      status: shape.status,
      source: faker.helpers.arrayElement(["phone", "email", "web", "portal"]),
      subject: `${category.code === "INSTALL" ? "Install" : "Service"} ${product.name}`.slice(0, 200),
      description: faker.lorem.sentences(2),
      reported_at: Calendar.at(reportedAt),
      response_due_at: sla ? Calendar.at(Calendar.after(reportedAt, sla.response_minutes)) : null,
      resolution_due_at: sla ? Calendar.at(Calendar.after(reportedAt, sla.resolution_minutes)) : null,
      first_response_at: respondedAt && Calendar.at(respondedAt),
      resolved_at: resolvedAt && Calendar.at(resolvedAt),
      closed_at: closedAt && Calendar.at(closedAt),
      resolution: resolvedAt ? faker.lorem.sentence() : null,
    });
    const technician = technicians[k % technicians.length];
    if (!technician || !respondedAt) continue;
    data.add("service_assignments", {
      id: id(),
      service_request_id: requestId,
      technician_id: technician.id,
      role: "lead",
      status: resolvedAt ? "completed" : "accepted",
      assigned_at: Calendar.at(respondedAt),
    });
    if (!visitStart) continue;
    data.add("service_visits", {
      id: id(),
      visit_number: numbered(tag, "SV", k + 1),
      service_request_id: requestId,
      technician_id: technician.id,
      status: departedAt ? "completed" : "in_progress",
      scheduled_start: Calendar.at(visitStart),
      scheduled_end: Calendar.at(Calendar.after(visitStart, 120)),
      arrived_at: Calendar.at(visitStart),
      departed_at: departedAt && Calendar.at(departedAt),
      labor_minutes: departedAt ? laborMinutes : 0,
      travel_km: `${faker.number.int({ min: 2, max: 60 })}.00`,
      work_summary: departedAt ? faker.lorem.sentence() : null,
    });
  }
}
