import { hashPassword } from "@erp/tenancy";
import { sql } from "slonik";
import { z } from "zod";
import { roleKeySchema, sessionUser, sessionUserColumns } from "../../auth/sessionUser.ts";
import { paginate } from "../../crud/createCrudProcedures.ts";
import { router, tenantProcedure } from "../../trpc.ts";
import { email, name, page, pageOf } from "../../validation/fields.ts";

const admin = tenantProcedure.meta({ permission: "auth.admin" });
const user = sessionUser.extend({ status: z.string() });

export const usersRouter = router({
  list: admin
    .meta({ summary: "The tenant's users with their roles, oldest first." })
    .input(z.object(page))
    .output(pageOf(user))
    .query(async ({ ctx, input }) => {
      const rows = await ctx.tx.any(sql.type(user)`
        SELECT ${sessionUserColumns}, u.status FROM users u
        WHERE ${input.cursor ? sql.fragment`u.id > ${input.cursor}` : sql.fragment`TRUE`}
        ORDER BY u.id LIMIT ${input.limit + 1}`);
      return paginate(rows, input.limit);
    }),

  create: admin
    .meta({ summary: "Adds a user who can sign in with the given password and roles.", errors: ["CONFLICT"] })
    .input(
      z.object({
        email,
        displayName: name,
        password: z.string().min(12, { error: "must be at least 12 characters" }).max(200, { error: "must be at most 200 characters" }),
        roles: z.array(roleKeySchema).min(1, { error: "must name at least one role" }).max(4),
      }),
    )
    .output(user)
    .mutation(async ({ ctx, input }) => {
      const passwordHash = await hashPassword(input.password);
      return ctx.tx.one(sql.type(user)`
        WITH new_user AS (
          INSERT INTO users (email, display_name, password_hash) VALUES (${input.email}, ${input.displayName}, ${passwordHash})
          RETURNING id
        ), granted AS (
          INSERT INTO user_roles (user_id, role_id)
          SELECT new_user.id, roles.id FROM new_user, roles WHERE roles.key = ANY(${sql.array(input.roles, "text")})
          RETURNING role_id
        )
        SELECT new_user.id, ${input.email} AS email, ${input.displayName} AS "displayName",
          ARRAY(SELECT r.key FROM granted g JOIN roles r ON r.id = g.role_id ORDER BY r.key) AS roles,
          ARRAY(
            SELECT DISTINCT p.key FROM granted g JOIN role_permissions rp ON rp.role_id = g.role_id
            JOIN permissions p ON p.id = rp.permission_id ORDER BY p.key
          ) AS permissions,
          'active' AS status
        FROM new_user`);
    }),
});
