import {
  emergencyContactsInsert,
  emergencyContactsRow,
  employeeAddressesInsert,
  employeeAddressesKind,
  employeeAddressesRow,
  employeeDocumentsInsert,
  employeeDocumentsKind,
  employeeDocumentsRow,
} from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { country, date, email, id, instant, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

// An employee's personal records follow the same rights as the employee row itself (hr.read to read, hr.write to
// change). Each belongs to one employee for good (employee_id is not editable) and goes with it (ON DELETE CASCADE).

// Metadata only: the scanned file, if any, is a media asset (media_asset_id); there is no upload here.
const documentFields = tableInput(employeeDocumentsInsert, {
  employee_id: id,
  kind: true,
  title: text(200).trim().min(1, { error: "must not be empty" }),
  document_number: text(100),
  media_asset_id: id,
  issued_on: date,
  expires_on: date,
  verified_at: instant,
  verified_by_employee_id: id,
});
const documents = createCrudProcedures({
  module: "hr",
  table: "employee_documents",
  entity: "employee document",
  row: employeeDocumentsRow,
  create: documentFields,
  update: documentFields.omit({ employee_id: true }).partial(),
  filters: { employee_id: id.optional(), kind: employeeDocumentsKind.optional() },
  search: ["title"],
  removable: true,
});
export const employeeDocumentsRouter = router({
  list: documents.list,
  get: documents.get,
  create: documents.create,
  update: documents.update,
  remove: documents.remove,
});

const addressFields = tableInput(employeeAddressesInsert, {
  employee_id: id,
  kind: true,
  line1: text(200).trim().min(1, { error: "must not be empty" }),
  line2: text(200),
  city: text(100).trim().min(1, { error: "must not be empty" }),
  region: text(100),
  postal_code: text(20),
  country_code: country,
  is_primary: true,
});
const addresses = createCrudProcedures({
  module: "hr",
  table: "employee_addresses",
  entity: "employee address",
  row: employeeAddressesRow,
  create: addressFields,
  update: addressFields.omit({ employee_id: true }).partial(),
  filters: { employee_id: id.optional(), kind: employeeAddressesKind.optional() },
  removable: true,
});
export const employeeAddressesRouter = router({
  list: addresses.list,
  get: addresses.get,
  create: addresses.create,
  update: addresses.update,
  remove: addresses.remove,
});

const contactFields = tableInput(emergencyContactsInsert, {
  employee_id: id,
  name,
  relationship: text(100).trim().min(1, { error: "must not be empty" }),
  phone: text(50).trim().min(1, { error: "must not be empty" }),
  email,
  is_primary: true,
});
const contacts = createCrudProcedures({
  module: "hr",
  table: "emergency_contacts",
  entity: "emergency contact",
  row: emergencyContactsRow,
  create: contactFields,
  update: contactFields.omit({ employee_id: true }).partial(),
  filters: { employee_id: id.optional() },
  search: ["name"],
  removable: true,
});
export const emergencyContactsRouter = router({
  list: contacts.list,
  get: contacts.get,
  create: contacts.create,
  update: contacts.update,
  remove: contacts.remove,
});
