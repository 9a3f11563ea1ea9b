import { router } from "../../trpc.ts";
import { amcContractsRouter } from "./amcContracts.ts";
import { serviceCategoriesRouter } from "./categories.ts";
import { serviceRequestsRouter } from "./requests.ts";
import { slaPoliciesRouter, technicianSkillsRouter } from "./slaAndSkills.ts";
import { techniciansRouter } from "./technicians.ts";
import { amcVisitsRouter, serviceFeedbackRouter, serviceNotesRouter } from "./visitPlansNotesFeedback.ts";
import { serviceVisitsRouter } from "./visits.ts";
import { warrantyClaimsRouter } from "./warrantyClaims.ts";

export const serviceRouter = router({
  technicians: techniciansRouter,
  categories: serviceCategoriesRouter,
  requests: serviceRequestsRouter,
  visits: serviceVisitsRouter,
  amcContracts: amcContractsRouter,
  warrantyClaims: warrantyClaimsRouter,
  slaPolicies: slaPoliciesRouter,
  technicianSkills: technicianSkillsRouter,
  amcVisits: amcVisitsRouter,
  notes: serviceNotesRouter,
  feedback: serviceFeedbackRouter,
});
