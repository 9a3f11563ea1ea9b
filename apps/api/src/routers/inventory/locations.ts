import {
  binsInsert,
  binsRow,
  binsStatus,
  warehousesInsert,
  warehousesRow,
  warehousesStatus,
  zonesInsert,
  zonesRow,
  zonesStatus,
} from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, country, id, money, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const warehouseFields = tableInput(warehousesInsert, {
  code,
  name,
  kind: true,
  line1: text(200),
  line2: text(200),
  city: text(200),
  region: text(100),
  postal_code: text(20),
  country,
  phone: text(50),
  email: z.email({ error: "must be an email address" }).max(320),
  timezone: text(64),
  manager_id: id,
  is_default: true,
  status: true,
  attributes,
});

export const warehousesRouter = router(
  createCrudProcedures({
    module: "inventory",
    table: "warehouses",
    entity: "warehouse",
    row: warehousesRow,
    create: warehouseFields,
    update: warehouseFields.partial(),
    filters: { status: warehousesStatus.optional() },
    search: ["name", "code"],
    archiveStatus: "inactive",
  }),
);

const zoneFields = tableInput(zonesInsert, {
  code,
  name,
  kind: true,
  is_temperature_controlled: true,
  status: true,
});

export const zonesRouter = router(
  createCrudProcedures({
    module: "inventory",
    table: "zones",
    entity: "zone",
    row: zonesRow,
    create: zoneFields.extend({ warehouse_id: id }),
    update: zoneFields.partial(),
    filters: { warehouse_id: id.optional(), status: zonesStatus.optional() },
    search: ["name", "code"],
    archiveStatus: "inactive",
  }),
);

const binFields = tableInput(binsInsert, {
  code,
  barcode: text(100),
  aisle: text(20),
  rack: text(20),
  shelf: text(20),
  position: text(20),
  max_weight: money,
  max_volume: money,
  is_pickable: true,
  status: true,
});

export const binsRouter = router(
  createCrudProcedures({
    module: "inventory",
    table: "bins",
    entity: "bin",
    row: binsRow,
    create: binFields.extend({ zone_id: id }),
    update: binFields.partial(),
    filters: { zone_id: id.optional(), status: binsStatus.optional() },
    search: ["code", "barcode"],
    archiveStatus: "inactive",
  }),
);
