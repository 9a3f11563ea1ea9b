import { sql } from "slonik";
import type { Invariant } from "./invariant.ts";

export const hrInvariants: Invariant[] = [
  {
    module: "hr",
    name: "salaries lie within their position's band",
    subjects: "salaries",
    query: (t) => sql.fragment`
      SELECT e.employee_number AS subject,
        p.id IS NULL OR s.base_salary BETWEEN coalesce(p.min_salary, 0) AND coalesce(p.max_salary, s.base_salary) AS ok,
        format('%s earns %s, band %s–%s', e.employee_number, s.base_salary, p.min_salary, p.max_salary) AS detail
      FROM ${t("employee_salaries")} s
      JOIN ${t("employees")} e ON e.id = s.employee_id
      LEFT JOIN ${t("positions")} p ON p.id = e.position_id`,
  },
];
