import {
  territoriesInsert,
  territoriesRow,
  territoriesStatus,
  territoryAssignmentsAssigneeType,
  territoryAssignmentsInsert,
  territoryAssignmentsRow,
} from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, country, date, id, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const territoryCode = text(50).trim().min(1, { error: "must not be empty" });

// The code is unique per tenant: a second territory with it answers CONFLICT.
const territoryFields = tableInput(territoriesInsert, {
  code: territoryCode,
  name,
  parent_id: id,
  country_code: country,
  region: text(100),
  status: true,
  attributes,
});
const territories = createCrudProcedures({
  module: "channels",
  table: "territories",
  entity: "territory",
  row: territoriesRow,
  create: territoryFields,
  update: territoryFields.partial(),
  filters: { status: territoriesStatus.optional(), parent_id: id.optional(), country_code: country.optional() },
  search: ["code", "name", "region"],
  // A territory no longer used stays for the history of its assignments.
  archiveStatus: "inactive",
});
export const territoriesRouter = router({
  list: territories.list,
  get: territories.get,
  create: territories.create,
  update: territories.update,
  archive: territories.archive,
});

// Exactly one assignee column, the one assignee_type names (a CHECK); ends_on on or after starts_on.
const assignmentFields = tableInput(territoryAssignmentsInsert, {
  territory_id: id,
  assignee_type: true,
  dealer_id: id,
  franchisee_id: id,
  community_partner_id: id,
  user_id: id,
  is_exclusive: true,
  starts_on: date,
  ends_on: date,
});
const assignments = createCrudProcedures({
  module: "channels",
  table: "territory_assignments",
  entity: "territory assignment",
  row: territoryAssignmentsRow,
  create: assignmentFields,
  update: assignmentFields.pick({ is_exclusive: true, starts_on: true, ends_on: true }).partial(),
  filters: {
    territory_id: id.optional(),
    assignee_type: territoryAssignmentsAssigneeType.optional(),
    dealer_id: id.optional(),
    franchisee_id: id.optional(),
    community_partner_id: id.optional(),
    user_id: id.optional(),
    is_exclusive: z.boolean().optional(),
  },
  removable: true,
});
export const territoryAssignmentsRouter = router({
  list: assignments.list,
  get: assignments.get,
  create: assignments.create,
  update: assignments.update,
  remove: assignments.remove,
});
