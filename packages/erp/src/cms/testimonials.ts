import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { type TestimonialsRow, testimonialsColumns, testimonialsRow } from "@erp/db-types";
import { sql } from "slonik";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

export type TestimonialFields = {
  author_name: string;
  author_title?: string | null | undefined;
  customer_id?: string | null | undefined;
  quote: string;
  rating?: number | null | undefined;
  is_featured?: boolean | undefined;
  position?: number | undefined;
};

/** What the website shows of a testimonial: a change to any of them needs moderation again. */
const moderatedFields = ["author_name", "author_title", "quote", "rating"] as const;
const editable = [...moderatedFields, "customer_id", "is_featured", "position"] as const;

export type ModerationAction = "approve" | "reject" | "archive";

/**
 * The moderation state machine: a testimonial starts pending; a moderator approves or rejects it
 * (and may change that decision); a decided one may be archived. Only approved ones are public.
 */
export const moderationTransitions: Record<ModerationAction, { from: readonly string[]; to: TestimonialsRow["status"] }> = {
  approve: { from: ["pending", "rejected"], to: "approved" },
  reject: { from: ["pending", "approved"], to: "rejected" },
  archive: { from: ["approved", "rejected"], to: "archived" },
};

/** Records a testimonial as pending: nothing is public before a moderator approves it. */
export async function createTestimonial(tx: TenantQueries, input: TestimonialFields, actor: Actor): Promise<TestimonialsRow> {
  const values = pick(input);
  const row = await tx.one(sql.type(testimonialsRow)`
    INSERT INTO testimonials (${sql.join(
      Object.keys(values).map((column) => sql.identifier([column])),
      sql.fragment`, `,
    )}, status)
    VALUES (${sql.join(Object.values(values) as never[], sql.fragment`, `)}, 'pending')
    RETURNING ${testimonialsColumns}`);
  await recordAudit(tx, actor, { action: "create", entity: "testimonials", entityId: row.id, after: row });
  return row;
}

/**
 * Edits a testimonial that is not archived. Changing what the website would show (the quote, the
 * author, the rating) of a decided testimonial sends it back to pending: it leaves the website
 * until a moderator approves the new text.
 */
export async function updateTestimonial(
  tx: TenantQueries,
  input: Partial<TestimonialFields> & { id: string },
  actor: Actor,
): Promise<TestimonialsRow> {
  const before = await lockedTestimonial(tx, input.id);
  if (before.status === "archived")
    throw new InvalidInputError(`The testimonial by ${before.author_name} is archived: it cannot be changed.`);
  const values = pick(input);
  if (Object.keys(values).length === 0) throw new InvalidInputError("Nothing to change: give at least one field of the testimonial.");
  const remoderate = moderatedFields.some((field) => field in values && values[field] !== before[field]);
  const assignments = Object.entries(values).map(([column, value]) => sql.fragment`${sql.identifier([column])} = ${value as never}`);
  if (remoderate) assignments.push(sql.fragment`status = 'pending'`, sql.fragment`moderated_by = NULL`, sql.fragment`moderated_at = NULL`);
  const after = await tx.one(sql.type(testimonialsRow)`
    UPDATE testimonials SET ${sql.join(assignments, sql.fragment`, `)}, updated_at = now()
    WHERE id = ${input.id} RETURNING ${testimonialsColumns}`);
  await recordAudit(tx, actor, { action: "update", entity: "testimonials", entityId: after.id, before, after });
  return after;
}

/** Approves, rejects or archives a testimonial, recording the moderator and the time. */
export async function moderateTestimonial(
  tx: TenantQueries,
  input: { id: string; action: ModerationAction },
  actor: Actor,
): Promise<TestimonialsRow> {
  const before = await lockedTestimonial(tx, input.id);
  const transition = moderationTransitions[input.action];
  if (!transition.from.includes(before.status)) {
    throw new InvalidInputError(
      `The testimonial by ${before.author_name} is ${before.status}: only a ${transition.from.join(" or ")} testimonial can be ${pastTense[input.action]}.`,
    );
  }
  const after = await tx.one(sql.type(testimonialsRow)`
    UPDATE testimonials SET status = ${transition.to}, moderated_by = ${actor.userId}::uuid, moderated_at = now(), updated_at = now()
    WHERE id = ${input.id} RETURNING ${testimonialsColumns}`);
  await recordAudit(tx, actor, { action: input.action, entity: "testimonials", entityId: after.id, before, after });
  return after;
}

const pastTense: Record<ModerationAction, string> = { approve: "approved", reject: "rejected", archive: "archived" };

async function lockedTestimonial(tx: TenantQueries, id: string): Promise<TestimonialsRow> {
  const row = await tx.maybeOne(sql.type(testimonialsRow)`SELECT ${testimonialsColumns} FROM testimonials WHERE id = ${id} FOR UPDATE`);
  if (!row) throw new NotFoundError(`No testimonial has the id ${id}.`);
  return row;
}

function pick(input: Partial<TestimonialFields>): Record<string, unknown> {
  return Object.fromEntries(editable.filter((column) => input[column] !== undefined).map((column) => [column, input[column]]));
}
