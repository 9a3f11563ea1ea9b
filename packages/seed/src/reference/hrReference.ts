import type { ReferenceContext } from "../generate/context.ts";

export const departmentDefinitions = [
  { code: "OPS", name: "Operations" },
  { code: "SALES", name: "Sales" },
  { code: "FIN", name: "Finance" },
] as const;

export const positionDefinitions = [
  { code: "OPS-MGR", title: "Operations manager", department: "OPS", min_salary: "65000.00", max_salary: "90000.00" },
  { code: "WH-ASSOC", title: "Warehouse associate", department: "OPS", min_salary: "32000.00", max_salary: "42000.00" },
  { code: "SALES-REP", title: "Sales representative", department: "SALES", min_salary: "45000.00", max_salary: "60000.00" },
  { code: "ACCT", title: "Accountant", department: "FIN", min_salary: "55000.00", max_salary: "75000.00" },
] as const;

export const leaveTypeDefinitions = [
  { code: "ANNUAL", name: "Annual leave", days_per_year: "20", max_carry_forward: "5", is_paid: true },
  { code: "SICK", name: "Sick leave", days_per_year: "10", max_carry_forward: "0", is_paid: true },
  { code: "UNPAID", name: "Unpaid leave", days_per_year: "0", max_carry_forward: "0", is_paid: false },
] as const;

export function generateHrReference({ id, data }: ReferenceContext): void {
  const departments = new Map(
    departmentDefinitions.map((department) => [department.code, data.add("departments", { id: id(), ...department, status: "active" }).id]),
  );
  for (const { department, ...position } of positionDefinitions) {
    data.add("positions", {
      id: id(),
      ...position,
      department_id: departments.get(department) ?? null,
      currency: "USD",
      headcount: 2,
      status: "active",
    });
  }
  for (const leaveType of leaveTypeDefinitions)
    data.add("leave_types", { id: id(), ...leaveType, requires_approval: leaveType.is_paid, is_active: true });
}
