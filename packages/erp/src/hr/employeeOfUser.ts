import type { TenantQueries } from "@erp/db";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";

/** The employee linked to the signed-in user (employees.user_id), or null: approvals are signed by an employee. */
export async function employeeOfUser(tx: TenantQueries, actor: Actor): Promise<string | null> {
  if (!actor.userId) return null;
  return tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT id FROM employees WHERE user_id = ${actor.userId}`);
}
