import { type Module, modules } from "../tiers.ts";

export const roleKeys = ["admin", "manager", "staff", "viewer"] as const;
export type RoleKey = (typeof roleKeys)[number];

export type Action = "read" | "write";
/** Running and approving payroll, reading everyone's payslips. */
export const payrollPermissionKeys = ["hr.payroll"] as const;
/** Approving purchase orders above the tenant's threshold, approving vendor bills despite a three-way-match variance. */
export const procureToPayPermissionKeys = ["procurement.approve", "procurement.override"] as const;
/**
 * Rights beyond reading and writing a module: closing fiscal periods, reading the audit log, overriding credit limits,
 * payroll, purchasing approvals.
 */
export const specialPermissionKeys = [
  "finance.close",
  "audit.read",
  "sales.override",
  ...payrollPermissionKeys,
  ...procureToPayPermissionKeys,
] as const;
/**
 * Rights that came with a later template change, each with a table that change created: a schema built
 * before the change (an older build, or the warm pool) gets them when the change migrates it.
 */
export const laterPermissions = [
  { keys: payrollPermissionKeys, cameWith: "leave_accruals" },
  { keys: procureToPayPermissionKeys, cameWith: "procurement_settings" },
] as const;
export type PermissionKey = `${Module}.${Action}` | "auth.admin" | (typeof specialPermissionKeys)[number];

/** Every permission a tenant knows: read and write per module, user administration, and the special rights. */
export const permissionKeys: readonly PermissionKey[] = [
  ...modules.flatMap((module) => [`${module}.read`, `${module}.write`] as const),
  "auth.admin",
  ...specialPermissionKeys,
];

const allReads = modules.map((module) => `${module}.read` as const);
const writes = (list: readonly Module[]) => list.map((module) => `${module}.write` as const);

/** The roles every tenant starts with. Admins do everything; viewers only read. */
export const defaultRoles: Record<RoleKey, { name: string; description: string; permissions: readonly PermissionKey[] }> = {
  admin: { name: "Administrator", description: "Everything, including users and roles.", permissions: permissionKeys },
  manager: {
    name: "Manager",
    description:
      "Reads and writes every module; closes periods, overrides credit limits, approves purchases, reads the audit log, runs payroll.",
    permissions: [...allReads, ...writes(modules), ...specialPermissionKeys],
  },
  staff: {
    name: "Staff",
    description: "Reads everything; writes day-to-day operations.",
    permissions: [...allReads, ...writes(["catalog", "sales", "inventory", "service", "cms"])],
  },
  viewer: { name: "Viewer", description: "Reads every module; changes nothing.", permissions: allReads },
};
