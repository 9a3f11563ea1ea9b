import type { ReferenceContext } from "../generate/context.ts";

export const serviceCategoryDefinitions = [
  { code: "INSTALL", name: "Installation" },
  { code: "REPAIR", name: "Repair" },
  { code: "MAINT", name: "Preventive maintenance" },
] as const;

export const slaPolicyDefinitions = [
  { code: "SLA-LOW", name: "Standard", priority: "low", response_minutes: 480, resolution_minutes: 4320 },
  { code: "SLA-MEDIUM", name: "Business", priority: "medium", response_minutes: 240, resolution_minutes: 2880 },
  { code: "SLA-HIGH", name: "Priority", priority: "high", response_minutes: 60, resolution_minutes: 960 },
  { code: "SLA-URGENT", name: "Critical", priority: "urgent", response_minutes: 30, resolution_minutes: 480 },
] as const;

export function generateServiceReference({ id, data }: ReferenceContext): void {
  for (const category of serviceCategoryDefinitions) data.add("service_categories", { id: id(), ...category, is_active: true });
  for (const policy of slaPolicyDefinitions) data.add("sla_policies", { id: id(), ...policy, business_hours_only: false, is_active: true });
}
