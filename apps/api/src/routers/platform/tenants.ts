import {
  deprovisionTenant,
  generatePassword,
  getTenant,
  listTenants,
  provisionInputSchema,
  provisionTenant,
  resumeTenant,
  slugSchema,
  suspendTenant,
  tenantRow,
} from "@erp/tenancy";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { platformProcedure, router } from "../../trpc.ts";

const slugInput = z.object({ slug: slugSchema });

// The admin password may be left out: one is generated and returned, once.
const provisionInput = provisionInputSchema.extend({
  admin: provisionInputSchema.shape.admin.extend({ password: provisionInputSchema.shape.admin.shape.password.optional() }),
});

const demoData = z.object({ rows: z.number(), tables: z.record(z.string(), z.number()) }).nullable();

export const tenantsRouter = router({
  provision: platformProcedure
    .meta({
      summary:
        "Creates a tenant (schema, tables, role, default roles, admin user, optional demo data) and returns the admin's credentials, once.",
      errors: ["CONFLICT"],
    })
    .input(provisionInput)
    .output(
      z.object({
        tenant: tenantRow,
        admin: z.object({ id: z.uuid(), email: z.string(), password: z.string() }),
        demoData,
        totalMs: z.number(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      if (input.seedDemoData && !ctx.seeder) {
        throw new TRPCError({ code: "BAD_REQUEST", message: "seedDemoData is not available on this server (no demo data seeder)." });
      }
      const password = input.admin.password ?? generatePassword();
      const provisioned = await provisionTenant(ctx.platform, { ...input, admin: { ...input.admin, password } }, { seeder: ctx.seeder });
      ctx.tenants.forget(provisioned.tenant.slug);
      return {
        tenant: provisioned.tenant,
        admin: { ...provisioned.admin, password },
        demoData: provisioned.demoData,
        totalMs: provisioned.totalMs,
      };
    }),

  list: platformProcedure
    .meta({ summary: "Tenants by slug; `cursor` is the last slug of the previous page." })
    .input(
      z.object({
        status: tenantRow.shape.status.optional(),
        cursor: slugSchema.optional(),
        limit: z.number().int().min(1).max(100, { error: "must be at most 100" }).default(50),
      }),
    )
    .output(z.object({ items: z.array(tenantRow), nextCursor: z.string().nullable() }))
    .query(async ({ ctx, input }) => {
      const rows = await listTenants(ctx.platform.pool, { status: input.status, after: input.cursor, limit: input.limit + 1 });
      const items = rows.slice(0, input.limit);
      return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.slug ?? null) : null };
    }),

  get: platformProcedure
    .meta({ summary: "One tenant by slug.", errors: ["NOT_FOUND"] })
    .input(slugInput)
    .output(tenantRow)
    .query(({ ctx, input }) => getTenant(ctx.platform.pool, input.slug)),

  suspend: platformProcedure
    .meta({ summary: "Suspends a tenant: its users can no longer sign in or use their tokens.", errors: ["NOT_FOUND", "CONFLICT"] })
    .input(slugInput)
    .output(tenantRow)
    .mutation(async ({ ctx, input }) => {
      const tenant = await suspendTenant(ctx.platform, input.slug);
      ctx.tenants.forget(input.slug);
      return tenant;
    }),

  resume: platformProcedure
    .meta({ summary: "Resumes a suspended tenant.", errors: ["NOT_FOUND", "CONFLICT"] })
    .input(slugInput)
    .output(tenantRow)
    .mutation(async ({ ctx, input }) => {
      const tenant = await resumeTenant(ctx.platform, input.slug);
      ctx.tenants.forget(input.slug);
      return tenant;
    }),

  deprovision: platformProcedure
    .meta({
      summary: "Drops the tenant's schema and role; the registry row stays, so the slug is never reused.",
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(slugInput)
    .output(tenantRow)
    .mutation(async ({ ctx, input }) => {
      const tenant = await deprovisionTenant(ctx.platform, input.slug);
      ctx.tenants.forget(input.slug);
      return tenant;
    }),
});
