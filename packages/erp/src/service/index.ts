export { type AmcContractWithItems, amcContractWithItems, createAmcContract, listAmcContracts, loadAmcContract } from "./amcContracts.ts";
export { type AmcVisit, type AmcVisitOutcome, listAmcVisits, planAmcVisit, recordAmcVisit } from "./amcVisits.ts";
export {
  type Assignment,
  assignment,
  assignTechnician,
  suggestTechnicians,
  type TechnicianSuggestion,
  technicianSuggestion,
} from "./assignments.ts";
export { type CoverageOutcome, claimCoverage, coverageOutcome } from "./coverage.ts";
export { invoiceServiceJob } from "./invoiceJob.ts";
export {
  addServiceNote,
  listServiceNotes,
  loadServiceFeedback,
  type ServiceFeedback,
  type ServiceNote,
  submitServiceFeedback,
} from "./notesAndFeedback.ts";
export {
  changeServiceRequestStatus,
  createServiceRequest,
  flagSlaBreaches,
  listServiceRequests,
  loadServiceRequest,
  reopenWindowDays,
  type ServiceRequestAction,
  serviceRequestHistory,
  serviceRequestTransitions,
} from "./requests.ts";
export { completeVisit, listVisits, usePart } from "./visits.ts";
export {
  type DecideWarrantyClaimInput,
  decideWarrantyClaim,
  listWarrantyClaims,
  loadWarrantyClaim,
  type WarrantyClaim,
  type WarrantyClaimDecision,
  warrantyClaimMoves,
} from "./warrantyClaims.ts";
