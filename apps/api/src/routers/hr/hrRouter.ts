import { router } from "../../trpc.ts";
import { attendanceRouter } from "./attendance.ts";
import { employeeSalariesRouter, salaryComponentsRouter, salaryStructureComponentsRouter, salaryStructuresRouter } from "./compensation.ts";
import { departmentsRouter } from "./departments.ts";
import { employeesRouter } from "./employees.ts";
import { leaveBalancesRouter, leavesRouter } from "./leaves.ts";
import { leaveTypesRouter } from "./leaveTypes.ts";
import { payrollRunsRouter, payslipsRouter } from "./payroll.ts";
import { holidaysRouter, shiftAssignmentsRouter, shiftsRouter } from "./shifts.ts";

export const hrRouter = router({
  departments: departmentsRouter,
  employees: employeesRouter,
  attendance: attendanceRouter,
  leaveTypes: leaveTypesRouter,
  leaveBalances: leaveBalancesRouter,
  leaves: leavesRouter,
  salaryComponents: salaryComponentsRouter,
  salaryStructures: salaryStructuresRouter,
  salaryStructureComponents: salaryStructureComponentsRouter,
  employeeSalaries: employeeSalariesRouter,
  payrollRuns: payrollRunsRouter,
  payslips: payslipsRouter,
  shifts: shiftsRouter,
  shiftAssignments: shiftAssignmentsRouter,
  holidays: holidaysRouter,
});
