import type { ErpClient } from "@erp/client";
import { lowestTierFor, type Module } from "@erp/tenancy";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { expectCode } from "./support/expectCode.ts";
import { startTestApi, type TestApi, type TestTenant } from "./support/startTestApi.ts";

let api: TestApi;
let enterprise: TestTenant;
let starter: TestTenant;

beforeAll(async () => {
  api = await startTestApi();
  [enterprise, starter] = await Promise.all([api.provision("big", "enterprise"), api.provision("small")]);
});
afterAll(async () => api?.close());

type Probe = {
  /** Creates a row on an empty tenant (and any row it depends on); returns its id. */
  create: (client: ErpClient) => Promise<{ id: string }>;
  list: (client: ErpClient) => Promise<{ items: readonly { id: string }[] }>;
};

// One create and one list per module beyond the starter tier; the CRUD factory itself is covered
// by the catalog tests, so these only show each module is wired, typed and gated.
const probes: Record<Exclude<Module, "catalog" | "sales" | "inventory">, Probe> = {
  procurement: {
    create: async (client) => {
      const vendor = await client.procurement.vendors.create.mutate({ name: "Acme Supplies", email: "Sales@Acme.test" });
      expect(vendor).toMatchObject({ status: "pending", email: "sales@acme.test" });
      expect(vendor.vendor_number).toMatch(/^V-[0-9A-F]{10}$/);
      return client.procurement.vendorContacts.create.mutate({ vendor_id: vendor.id, name: "Ann", is_primary: true });
    },
    list: (client) => client.procurement.vendorContacts.list.query({}),
  },
  finance: {
    create: (client) =>
      client.finance.accounts.create.mutate({ code: "1000", name: "Cash", account_type: "asset", normal_balance: "debit" }),
    list: (client) => client.finance.accounts.list.query({ account_type: "asset" }),
  },
  cms: {
    create: (client) => client.cms.pages.create.mutate({ slug: "about/team", title: "Our team" }),
    list: (client) => client.cms.pages.list.query({ search: "team" }),
  },
  channels: {
    create: async (client) => {
      const channel = await client.channels.channels.create.mutate({ code: "DEALERS", name: "Dealers", kind: "dealer" });
      return client.channels.dealers.create.mutate({ channel_id: channel.id, dealer_code: "D1", name: "North", email: "north@d.test" });
    },
    list: (client) => client.channels.dealers.list.query({}),
  },
  service: {
    create: (client) => client.service.technicians.create.mutate({ technician_code: "T1", name: "Tess", hourly_rate: "45.50" }),
    list: (client) => client.service.technicians.list.query({ status: "active" }),
  },
  analytics: {
    create: (client) => client.analytics.scenarios.create.mutate({ code: "BASE", name: "Base case", assumptions: { growth: 0.1 } }),
    list: (client) => client.analytics.scenarios.list.query({}),
  },
  hr: {
    create: async (client) => {
      const department = await client.hr.departments.create.mutate({ code: "OPS", name: "Operations" });
      const employee = await client.hr.employees.create.mutate({
        department_id: department.id,
        first_name: "Eve",
        last_name: "Ng",
        email: "eve@corp.test",
        hire_date: "2025-03-01",
      });
      expect(employee).toMatchObject({ hire_date: "2025-03-01", status: "active" });
      return employee;
    },
    list: (client) => client.hr.employees.list.query({}),
  },
};

describe.each(Object.entries(probes))("%s", (module, probe) => {
  test("an enterprise tenant creates and lists", async () => {
    const created = await probe.create(enterprise.client);
    expect((await probe.list(enterprise.client)).items.map((row) => row.id)).toContain(created.id);
  });

  test("a starter tenant gets FORBIDDEN naming the module and the tier", async () => {
    const expected = `The ${module} module is not part of the starter tier (it comes with ${lowestTierFor(module as Module)}).`;
    expect(await expectCode(probe.list(starter.client), "FORBIDDEN")).toBe(expected);
    expect(await expectCode(probe.create(starter.client), "FORBIDDEN")).toBe(expected);
  });
});

test("a table's CHECK and unique key answer BAD_REQUEST and CONFLICT", async () => {
  const { cms, finance } = enterprise.client;
  // A window that ends before it starts breaks banners_dates.
  await expectCode(
    cms.banners.create.mutate({
      title: "Launch",
      image_url: "https://cdn.example.test/launch.jpg",
      starts_at: "2030-01-02T00:00:00Z",
      ends_at: "2030-01-01T00:00:00Z",
    }),
    "BAD_REQUEST",
  );
  await finance.costCenters.create.mutate({ code: "CC1", name: "Head office" });
  await expectCode(finance.costCenters.create.mutate({ code: "CC1", name: "Again" }), "CONFLICT");
});
