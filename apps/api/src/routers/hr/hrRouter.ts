import { router } from "../../trpc.ts";
import { departmentsRouter } from "./departments.ts";
import { employeesRouter } from "./employees.ts";

export const hrRouter = router({
  departments: departmentsRouter,
  employees: employeesRouter,
});
