export { employeeOfUser } from "./employeeOfUser.ts";
export {
  type AccrueLeaveInput,
  accrueLeave,
  decideLeave,
  type LeaveAction,
  type LeaveBalanceRow,
  type LeaveRow,
  leaveTransitions,
  loadLeave,
  type SubmitLeaveInput,
  submitLeave,
} from "./leaves.ts";
export {
  approvePayrollRun,
  cancelPayrollRun,
  listMyPayslips,
  loadPayrollRun,
  loadPayslip,
  type PayrollRunWithPayslips,
  type PayslipReader,
  type PayslipWithItems,
  payrollRunWithPayslips,
  payslipWithItems,
  type RunPayrollInput,
  runPayroll,
} from "./payroll.ts";
export { type PayPayrollRunInput, payPayrollRun } from "./payrollPayment.ts";
export { type ApplicantAction, applicantMoves, completeInterviewMove, hireMove, interviewMoves } from "./recruiting.ts";
export { assignShift, cancelShiftAssignment, listShiftAssignments, type ShiftAssignment } from "./shifts.ts";
