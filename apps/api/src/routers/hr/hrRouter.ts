import { router } from "../../trpc.ts";
import { attendanceRouter } from "./attendance.ts";
import { employeeSalariesRouter, salaryComponentsRouter, salaryStructureComponentsRouter, salaryStructuresRouter } from "./compensation.ts";
import { departmentsRouter } from "./departments.ts";
import {
  benefitsRouter,
  employeeBenefitsRouter,
  goalsRouter,
  performanceReviewsRouter,
  reviewCyclesRouter,
  trainingEnrollmentsRouter,
  trainingsRouter,
} from "./development.ts";
import { employeesRouter } from "./employees.ts";
import { leaveBalancesRouter, leavesRouter } from "./leaves.ts";
import { leaveTypesRouter } from "./leaveTypes.ts";
import { payrollRunsRouter, payslipsRouter } from "./payroll.ts";
import { emergencyContactsRouter, employeeAddressesRouter, employeeDocumentsRouter } from "./personalRecords.ts";
import { interviewsRouter, jobApplicantsRouter, jobOpeningsRouter, positionsRouter } from "./recruiting.ts";
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
  // Master data and simple workflows (docs/modules/hr.md, "Master data").
  positions: positionsRouter,
  jobOpenings: jobOpeningsRouter,
  jobApplicants: jobApplicantsRouter,
  interviews: interviewsRouter,
  reviewCycles: reviewCyclesRouter,
  performanceReviews: performanceReviewsRouter,
  goals: goalsRouter,
  trainings: trainingsRouter,
  trainingEnrollments: trainingEnrollmentsRouter,
  benefits: benefitsRouter,
  employeeBenefits: employeeBenefitsRouter,
  employeeDocuments: employeeDocumentsRouter,
  employeeAddresses: employeeAddressesRouter,
  emergencyContacts: emergencyContactsRouter,
});
