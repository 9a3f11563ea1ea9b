import { franchiseesInsert, franchiseesRow, franchiseesStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, code, currency, date, email, id, money, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";
import { setStatusProcedure } from "./partnerStatus.ts";

const fields = tableInput(franchiseesInsert, {
  franchise_code: code,
  name,
  legal_name: text(200),
  email,
  phone: text(50),
  territory: text(200),
  channel_id: id,
  customer_id: id,
  royalty_rate: money,
  marketing_fee_rate: money,
  initial_fee: money,
  currency,
  agreement_start: date,
  agreement_end: date,
  attributes,
});

export const franchiseesRouter = router({
  ...createCrudProcedures({
    module: "channels",
    table: "franchisees",
    entity: "franchisee",
    row: franchiseesRow,
    // New franchisees start as prospects or active; later moves go through setStatus.
    create: fields.extend({ status: franchiseesStatus.extract(["prospect", "active"]).optional() }),
    update: fields.partial(),
    filters: { channel_id: id.optional(), status: franchiseesStatus.optional() },
    search: ["name", "franchise_code", "email"],
  }),
  setStatus: setStatusProcedure("franchisees", franchiseesStatus.options, "franchisee"),
});
