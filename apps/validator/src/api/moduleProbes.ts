import type { ErpClient } from "@erp/client";
import type { Module } from "@erp/tenancy";

/**
 * One list and one create per module, through the typed client: if the API's inputs or outputs
 * change, this file stops compiling instead of the stage failing at run time. `tag` makes each
 * created row unique. The stage names a module that has procedures but no probe here.
 */
export type ModuleProbe = {
  list: (client: ErpClient) => Promise<{ items: readonly unknown[] }>;
  create: (client: ErpClient, tag: string) => Promise<{ id: string }>;
};

export const moduleProbes: Partial<Record<Module, ModuleProbe>> = {
  catalog: {
    list: (client) => client.catalog.products.list.query({ limit: 5 }),
    create: (client, tag) => client.catalog.brands.create.mutate({ slug: `probe-${tag}`, name: `Probe brand ${tag}` }),
  },
  sales: {
    list: (client) => client.sales.orders.list.query({ limit: 5 }),
    create: (client, tag) => client.sales.customers.create.mutate({ name: `Probe customer ${tag}` }),
  },
  inventory: {
    list: (client) => client.inventory.stock.levels.query({ limit: 5 }),
    create: (client, tag) => client.inventory.warehouses.create.mutate({ code: `P${tag}`.slice(0, 40), name: `Probe warehouse ${tag}` }),
  },
  procurement: {
    list: (client) => client.procurement.vendors.list.query({ limit: 5 }),
    create: (client, tag) => client.procurement.vendors.create.mutate({ name: `Probe vendor ${tag}` }),
  },
  finance: {
    list: (client) => client.finance.accounts.list.query({ limit: 5 }),
    create: (client, tag) =>
      client.finance.accounts.create.mutate({
        code: `P${tag}`,
        name: `Probe account ${tag}`,
        account_type: "expense",
        normal_balance: "debit",
      }),
  },
  cms: {
    list: (client) => client.cms.pages.list.query({ limit: 5 }),
    create: (client, tag) => client.cms.pages.create.mutate({ slug: `probe-${tag}`, title: `Probe page ${tag}` }),
  },
  channels: {
    list: (client) => client.channels.channels.list.query({ limit: 5 }),
    create: (client, tag) => client.channels.channels.create.mutate({ code: `P${tag}`, name: `Probe channel ${tag}` }),
  },
  service: {
    list: (client) => client.service.technicians.list.query({ limit: 5 }),
    create: (client, tag) => client.service.technicians.create.mutate({ technician_code: `P${tag}`, name: `Probe technician ${tag}` }),
  },
  analytics: {
    list: (client) => client.analytics.kpiDefinitions.list.query({ limit: 5 }),
    create: (client, tag) => client.analytics.scenarios.create.mutate({ code: `P${tag}`, name: `Probe scenario ${tag}` }),
  },
  hr: {
    list: (client) => client.hr.employees.list.query({ limit: 5 }),
    create: (client, tag) => client.hr.departments.create.mutate({ code: `P${tag}`, name: `Probe department ${tag}` }),
  },
};
