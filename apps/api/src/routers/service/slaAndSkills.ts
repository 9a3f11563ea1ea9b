import { slaPoliciesInsert, slaPoliciesPriority, slaPoliciesRow, technicianSkillsInsert, technicianSkillsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, date, id, name, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const minutes = z.number({ error: "must be a number" }).int({ error: "must be a whole number" }).min(1).max(525_600);

const slaFields = tableInput(slaPoliciesInsert, {
  code,
  name,
  service_category_id: id,
  priority: true,
  response_minutes: minutes,
  resolution_minutes: minutes,
  business_hours_only: true,
  is_active: true,
});

/**
 * SLA policies: request creation takes the active policy of the request's priority, one of its
 * category before a general one (minutes from the reported time). `is_active: false` retires one.
 */
export const slaPoliciesRouter = router(
  createCrudProcedures({
    module: "service",
    table: "sla_policies",
    entity: "SLA policy",
    row: slaPoliciesRow,
    create: slaFields,
    update: slaFields.partial(),
    filters: { priority: slaPoliciesPriority.optional(), is_active: z.boolean().optional(), service_category_id: id.optional() },
    search: ["code", "name"],
  }),
);

const skillFields = tableInput(technicianSkillsInsert, {
  technician_id: id,
  skill: text(100),
  service_category_id: id,
  level: true,
  certified_on: date,
  certified_until: date,
});

/**
 * A technician's skills (one row per skill): suggestTechnicians filters by skill and ranks a skill
 * recorded for the request's category first. Removed outright when it lapses.
 */
export const technicianSkillsRouter = router(
  createCrudProcedures({
    module: "service",
    table: "technician_skills",
    entity: "technician skill",
    row: technicianSkillsRow,
    create: skillFields,
    update: skillFields.omit({ technician_id: true }).partial(),
    filters: { technician_id: id.optional(), service_category_id: id.optional() },
    search: ["skill"],
    removable: true,
  }),
);
