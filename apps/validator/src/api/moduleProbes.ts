import type { ErpClient } from "@erp/client";
import type { Module } from "@erp/tenancy";

/**
 * One list and one create per module, through the typed client: if the API's inputs or outputs
 * change, this file stops compiling instead of the stage failing at run time. `tag` makes each
 * created row unique. A module the API does not serve yet has no probe, and the stage says so.
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
};
