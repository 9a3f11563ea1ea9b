import { binsRow, warehousesRow, zonesRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, country, id, money, name, text } from "../../validation/fields.ts";

const warehouseStatus = z.enum(["active", "inactive", "closed"]);
const warehouseFields = z.object({
  code,
  name,
  kind: z.enum(["warehouse", "distribution_center", "store", "transit", "virtual"]).optional(),
  line1: text(200).nullish(),
  line2: text(200).nullish(),
  city: text(200).nullish(),
  region: text(100).nullish(),
  postal_code: text(20).nullish(),
  country: country.nullish(),
  phone: text(50).nullish(),
  email: z.email({ error: "must be an email address" }).max(320).nullish(),
  timezone: text(64).nullish(),
  manager_id: id.nullish(),
  is_default: z.boolean().optional(),
  status: warehouseStatus.optional(),
  attributes: attributes.optional(),
});

export const warehousesRouter = router(
  createCrudProcedures({
    module: "inventory",
    table: "warehouses",
    entity: "warehouse",
    row: warehousesRow,
    create: warehouseFields,
    update: warehouseFields.partial(),
    filters: { status: warehouseStatus.optional() },
    search: ["name", "code"],
    archiveStatus: "inactive",
  }),
);

const zoneFields = z.object({
  code,
  name,
  kind: z.enum(["storage", "receiving", "picking", "packing", "shipping", "quarantine", "returns"]).optional(),
  is_temperature_controlled: z.boolean().optional(),
  status: z.enum(["active", "inactive"]).optional(),
});

export const zonesRouter = router(
  createCrudProcedures({
    module: "inventory",
    table: "zones",
    entity: "zone",
    row: zonesRow,
    create: zoneFields.extend({ warehouse_id: id }),
    update: zoneFields.partial(),
    filters: { warehouse_id: id.optional(), status: z.enum(["active", "inactive"]).optional() },
    search: ["name", "code"],
    archiveStatus: "inactive",
  }),
);

const binFields = z.object({
  code,
  barcode: text(100).nullish(),
  aisle: text(20).nullish(),
  rack: text(20).nullish(),
  shelf: text(20).nullish(),
  position: text(20).nullish(),
  max_weight: money.nullish(),
  max_volume: money.nullish(),
  is_pickable: z.boolean().optional(),
  status: z.enum(["active", "blocked", "inactive"]).optional(),
});

export const binsRouter = router(
  createCrudProcedures({
    module: "inventory",
    table: "bins",
    entity: "bin",
    row: binsRow,
    create: binFields.extend({ zone_id: id }),
    update: binFields.partial(),
    filters: { zone_id: id.optional(), status: z.enum(["active", "blocked", "inactive"]).optional() },
    search: ["code", "barcode"],
    archiveStatus: "inactive",
  }),
);
