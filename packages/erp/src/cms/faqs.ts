import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { type FaqsRow, faqsColumns, faqsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

export type FaqFields = {
  faq_category_id?: string | null | undefined;
  question: string;
  answer: string;
  status?: "draft" | "published" | "archived" | undefined;
};

/**
 * Adds a FAQ at the end of its group (its category, or the FAQs without one). The group is
 * locked first, so concurrent additions and reorders of one group take their turns instead of
 * colliding on a place (which the database would refuse: one FAQ per place in a group).
 */
export async function createFaq(tx: TenantQueries, input: FaqFields, actor: Actor): Promise<FaqsRow> {
  const category = input.faq_category_id ?? null;
  await lockGroup(tx, category);
  const row = await tx.one(sql.type(faqsRow)`
    INSERT INTO faqs (faq_category_id, question, answer, status, position)
    SELECT ${category}::uuid, ${input.question}, ${input.answer}, ${input.status ?? "draft"}, coalesce(max(position) + 1, 0)
    FROM faqs WHERE faq_category_id IS NOT DISTINCT FROM ${category}::uuid
    RETURNING ${faqsColumns}`);
  await recordAudit(tx, actor, { action: "create", entity: "faqs", entityId: row.id, after: row });
  return row;
}

/**
 * Puts a group's FAQs in the given order (places 0, 1, 2, ...). `ids` must name every FAQ of the
 * group exactly once, so a reorder based on a stale list is refused rather than half-applied.
 */
export async function reorderFaqs(
  tx: TenantQueries,
  input: { faq_category_id: string | null; ids: readonly string[] },
  actor: Actor,
): Promise<FaqsRow[]> {
  const category = input.faq_category_id;
  await lockGroup(tx, category);
  const members = await tx.any(
    sql.type(z.object({ id: z.uuid(), faq_category_id: z.uuid().nullable() }))`
      SELECT id, faq_category_id FROM faqs WHERE id = ANY(${sql.array([...input.ids], "uuid")})`,
  );
  const found = new Map(members.map((member) => [member.id, member.faq_category_id]));
  const unknown = input.ids.find((id) => !found.has(id));
  if (unknown) throw new NotFoundError(`No FAQ has the id ${unknown}.`);
  const elsewhere = input.ids.find((id) => found.get(id) !== category);
  if (elsewhere) throw new InvalidInputError(`ids: FAQ ${elsewhere} belongs to another group.`);
  if (new Set(input.ids).size !== input.ids.length) throw new InvalidInputError("ids: each FAQ may appear only once.");
  const missing = await tx.anyFirst(sql.type(z.object({ id: z.uuid() }))`
    SELECT id FROM faqs WHERE faq_category_id IS NOT DISTINCT FROM ${category}::uuid
      AND NOT (id = ANY(${sql.array([...input.ids], "uuid")})) ORDER BY position LIMIT 1`);
  if (missing.length > 0) throw new InvalidInputError(`ids: FAQ ${missing[0]} of the group is missing; list every FAQ of the group.`);
  // One statement: the unique place per group is checked at its end, so places may swap.
  const rows = await tx.any(sql.type(faqsRow)`
    UPDATE faqs SET position = placed.place - 1, updated_at = now()
    FROM unnest(${sql.array([...input.ids], "uuid")}::uuid[]) WITH ORDINALITY AS placed (id, place)
    WHERE faqs.id = placed.id AND faqs.position <> placed.place - 1
    RETURNING ${sql.join(
      ["id", "faq_category_id", "question", "answer", "position", "status", "created_at", "updated_at"].map((column) =>
        sql.identifier(["faqs", column]),
      ),
      sql.fragment`, `,
    )}`);
  await recordAudit(tx, actor, {
    action: "reorder",
    entity: "faqs",
    entityId: category,
    after: { faq_category_id: category, ids: [...input.ids], moved: rows.length },
  });
  return listGroup(tx, category);
}

/** Moves a FAQ to the end of another group. */
export async function moveFaq(tx: TenantQueries, input: { id: string; faq_category_id: string | null }, actor: Actor): Promise<FaqsRow> {
  const current = await tx.maybeOne(sql.type(faqsRow)`SELECT ${faqsColumns} FROM faqs WHERE id = ${input.id}`);
  if (!current) throw new NotFoundError(`No FAQ has the id ${input.id}.`);
  const target = input.faq_category_id;
  if (target !== null) {
    const exists = await tx.exists(sql.unsafe`SELECT 1 FROM faq_categories WHERE id = ${target}`);
    if (!exists) throw new NotFoundError(`No FAQ category has the id ${target}.`);
  }
  // Both groups, in one order for every transaction, so two moves in opposite directions cannot deadlock.
  for (const group of [current.faq_category_id, target].sort(byGroupKey)) await lockGroup(tx, group);
  const before = await tx.one(sql.type(faqsRow)`SELECT ${faqsColumns} FROM faqs WHERE id = ${input.id} FOR UPDATE`);
  if (before.faq_category_id === target) return before;
  const after = await tx.one(sql.type(faqsRow)`
    UPDATE faqs SET faq_category_id = ${target}::uuid, updated_at = now(),
      position = (SELECT coalesce(max(position) + 1, 0) FROM faqs WHERE faq_category_id IS NOT DISTINCT FROM ${target}::uuid)
    WHERE id = ${input.id} RETURNING ${faqsColumns}`);
  await recordAudit(tx, actor, { action: "move", entity: "faqs", entityId: after.id, before, after });
  return after;
}

/** A group's FAQs in their order. */
export async function listGroup(tx: TenantQueries, category: string | null): Promise<FaqsRow[]> {
  const rows = await tx.any(sql.type(faqsRow)`
    SELECT ${faqsColumns} FROM faqs WHERE faq_category_id IS NOT DISTINCT FROM ${category}::uuid ORDER BY position`);
  return [...rows];
}

const byGroupKey = (a: string | null, b: string | null) => (a ?? "").localeCompare(b ?? "");

/**
 * A transaction-scoped lock on one FAQ group of this tenant (its schema is part of the key). A
 * category that does not exist answers NOT_FOUND.
 */
async function lockGroup(tx: TenantQueries, category: string | null): Promise<void> {
  if (category !== null) {
    const exists = await tx.exists(sql.unsafe`SELECT 1 FROM faq_categories WHERE id = ${category}`);
    if (!exists) throw new NotFoundError(`No FAQ category has the id ${category}.`);
  }
  await tx.query(sql.unsafe`
    SELECT pg_advisory_xact_lock(hashtextextended(current_schema() || '/faqs/' || coalesce(${category}::text, ''), 0))`);
}
