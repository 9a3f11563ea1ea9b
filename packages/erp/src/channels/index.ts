export { loadAttribution, type OrderAttribution, type SetAttributionInput, setAttribution } from "./attribution.ts";
export {
  type CommissionBalance,
  type CommissionPayout,
  type CreateCommissionPayoutInput,
  commissionBalance,
  createCommissionPayout,
  listCommissionPayouts,
  loadCommissionBalance,
  loadCommissionPayout,
} from "./commissionPayouts.ts";
export { type CommissionRule, type CreateCommissionRuleInput, createCommissionRule, retireCommissionRule } from "./commissionRules.ts";
export {
  approveCommissionRun,
  type CommissionRun,
  type CommissionRunFilter,
  type CommissionRunWithLines,
  commissionRunWithLines,
  listCommissionRuns,
  loadCommissionRun,
  runCommissions,
} from "./commissionRuns.ts";
export { type PartnerTable, partnerStatusMoves, setPartnerStatus } from "./partnerStatus.ts";
