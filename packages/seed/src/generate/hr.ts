import { Calendar } from "./calendar.ts";
import type { UnitContext } from "./context.ts";
import { emailAddress, numbered } from "./keyTag.ts";
import { decimal } from "./money.ts";

/** Employees (the first one manages the others), their salary within their position's band, and this year's leave accruals and balances. */
export function generateHr(ctx: UnitContext): void {
  const { faker, id, data, tag, volumes, reference, calendar } = ctx;
  const year = calendar.base.getUTCFullYear();
  let manager: string | null = null;
  for (let k = 0; k < volumes.employees; k++) {
    const position = reference.positions[k % reference.positions.length];
    const department = reference.departments.find((row) => row.id === position?.department_id) ?? reference.departments[0];
    if (!position || !department) throw new Error("The tenant has no positions or departments: its hr reference data is incomplete.");
    const firstName = faker.person.firstName();
    const lastName = faker.person.lastName();
    const hireDate = Calendar.day(calendar.before(faker.number.int({ min: 200, max: 3000 })));
    const employee: { id: string } = data.add("employees", {
      id: id(),
      employee_number: numbered(tag, "E", k + 1, 5),
      first_name: firstName,
      last_name: lastName,
      email: emailAddress(tag, `${firstName} ${lastName}`, k + 1, "staff.example.com"),
      phone: faker.phone.number({ style: "national" }),
      date_of_birth: Calendar.addDays(hireDate, -faker.number.int({ min: 20 * 365, max: 45 * 365 })),
      gender: faker.helpers.arrayElement(["female", "male", "undisclosed"]),
      hire_date: hireDate,
      department_id: department.id,
      position_id: position.id,
      manager_id: manager,
      work_location_warehouse_id: reference.warehouses[0]?.id ?? null,
      status: "active",
      employment_type: "full_time",
    });
    manager ??= employee.id;
    const bandSteps = Math.floor((position.max_salary - position.min_salary) / 100_000);
    data.add("employee_salaries", {
      id: id(),
      employee_id: employee.id,
      base_salary: decimal(position.min_salary + faker.number.int({ min: 0, max: bandSteps }) * 100_000),
      pay_frequency: "monthly",
      currency: "USD",
      effective_from: hireDate,
      change_reason: "Hired",
    });
    // The year's entitlement is one accrual, and the balance holds its sum; nothing is taken
    // yet, since taken is the sum of approved leaves (the database keeps it as leaves are approved).
    for (const leaveType of reference.leaveTypes) {
      const entitled = leaveType.days_per_year.toFixed(2);
      data.add("leave_balances", {
        id: id(),
        employee_id: employee.id,
        leave_type_id: leaveType.id,
        year,
        entitled,
        carried_forward: "0.00",
        taken: "0.00",
      });
      if (leaveType.days_per_year === 0) continue;
      data.add("leave_accruals", {
        id: id(),
        employee_id: employee.id,
        leave_type_id: leaveType.id,
        year,
        days: entitled,
        accrued_on: Calendar.day(calendar.before(0)),
        reason: "Yearly entitlement",
      });
    }
  }
}
