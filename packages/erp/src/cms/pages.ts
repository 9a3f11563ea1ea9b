import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { type CmsPagesRow, cmsPagesColumns, cmsPagesRow, cmsPageVersionsColumns, cmsPageVersionsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

/** A page with the number of its newest revision (its content) and of the one the website shows. */
export const pageWithRevisions = cmsPagesRow.extend({
  current_revision: z.number().int(),
  published_revision: z.number().int().nullable(),
});
export type PageWithRevisions = z.infer<typeof pageWithRevisions>;

/** What an editor writes on a page; every save keeps the page's content as a new revision. */
export type PageFields = {
  slug: string;
  title: string;
  body?: string | undefined;
  parent_id?: string | null | undefined;
  template?: string | undefined;
  meta_title?: string | null | undefined;
  meta_description?: string | null | undefined;
  meta_keywords?: string | null | undefined;
  canonical_url?: string | null | undefined;
  noindex?: boolean | undefined;
  attributes?: Record<string, unknown> | undefined;
};

/** Why this save happened, kept with the revision ("fixed the opening hours"). */
export type ChangeNote = { change_note?: string | null | undefined };

const editable = [
  "slug",
  "title",
  "body",
  "parent_id",
  "template",
  "meta_title",
  "meta_description",
  "meta_keywords",
  "canonical_url",
  "noindex",
  "attributes",
] as const;

/** Creates a draft page and its first revision. */
export async function createPage(tx: TenantQueries, input: PageFields & ChangeNote, actor: Actor): Promise<PageWithRevisions> {
  const values = pick(input);
  const columns = Object.keys(values).map((column) => sql.identifier([column]));
  const page = await tx.one(sql.type(cmsPagesRow)`
    INSERT INTO cms_pages (${sql.join(columns, sql.fragment`, `)}, author_id, status)
    VALUES (${sql.join(Object.values(values).map(toValue), sql.fragment`, `)}, ${actor.userId}::uuid, 'draft')
    RETURNING ${cmsPagesColumns}`);
  await saveRevision(tx, page, input.change_note ?? null, actor);
  await recordAudit(tx, actor, { action: "create", entity: "cms_pages", entityId: page.id, after: page });
  return loadPage(tx, page.id);
}

/**
 * Saves an editor's changes to a draft or published page as a new revision. A published page
 * keeps showing its published revision on the website until it is published again.
 */
export async function updatePage(
  tx: TenantQueries,
  input: Partial<PageFields> & ChangeNote & { id: string },
  actor: Actor,
): Promise<PageWithRevisions> {
  const before = await lockedPage(tx, input.id);
  if (before.status === "archived") throw new InvalidInputError(`Page ${before.slug} is archived: an archived page cannot be edited.`);
  const values = pick(input);
  if (Object.keys(values).length === 0) throw new InvalidInputError("Nothing to change: give at least one field of the page.");
  const assignments = Object.entries(values).map(([column, value]) => sql.fragment`${sql.identifier([column])} = ${toValue(value)}`);
  const after = await tx.one(sql.type(cmsPagesRow)`
    UPDATE cms_pages SET ${sql.join(assignments, sql.fragment`, `)}, updated_at = now()
    WHERE id = ${input.id} RETURNING ${cmsPagesColumns}`);
  await saveRevision(tx, after, input.change_note ?? null, actor);
  await recordAudit(tx, actor, { action: "update", entity: "cms_pages", entityId: after.id, before, after });
  return loadPage(tx, after.id);
}

/**
 * Publishes the page's newest revision: the website shows it from the commit on. Publishing a
 * published page again moves the website to the newest revision.
 */
export async function publishPage(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<PageWithRevisions> {
  const before = await lockedPage(tx, input.id);
  if (before.status === "archived") throw new InvalidInputError(`Page ${before.slug} is archived: an archived page cannot be published.`);
  // The old published revision is cleared first: the index allows one published revision per page.
  await tx.query(sql.unsafe`UPDATE cms_page_versions SET is_published = false WHERE cms_page_id = ${input.id} AND is_published`);
  await tx.query(sql.unsafe`
    UPDATE cms_page_versions SET is_published = true
    WHERE cms_page_id = ${input.id}
      AND version_number = (SELECT max(version_number) FROM cms_page_versions WHERE cms_page_id = ${input.id})`);
  const after = await tx.one(sql.type(cmsPagesRow)`
    UPDATE cms_pages SET status = 'published', published_at = now(), updated_at = now()
    WHERE id = ${input.id} RETURNING ${cmsPagesColumns}`);
  await recordAudit(tx, actor, { action: "publish", entity: "cms_pages", entityId: after.id, before, after });
  return loadPage(tx, after.id);
}

/** Takes a published page off the website: it becomes a draft again; its revisions stay. */
export async function unpublishPage(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<PageWithRevisions> {
  const before = await lockedPage(tx, input.id);
  if (before.status !== "published") {
    throw new InvalidInputError(`Page ${before.slug} is ${before.status}: only a published page can be unpublished.`);
  }
  return withdraw(tx, before, "draft", "unpublish", actor);
}

/** Archives a draft or published page: off the website, no more edits; its revisions stay. */
export async function archivePage(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<PageWithRevisions> {
  const before = await lockedPage(tx, input.id);
  if (before.status === "archived") throw new InvalidInputError(`Page ${before.slug} is already archived.`);
  return withdraw(tx, before, "archived", "archive", actor);
}

/**
 * Makes an old revision the page's content again, saved as a new revision ("restored revision
 * 3"): history is never rewritten. A published page goes on showing its published revision
 * until it is published again.
 */
export async function restorePageRevision(
  tx: TenantQueries,
  input: { id: string; revision: number },
  actor: Actor,
): Promise<PageWithRevisions> {
  const before = await lockedPage(tx, input.id);
  if (before.status === "archived") throw new InvalidInputError(`Page ${before.slug} is archived: an archived page cannot be edited.`);
  const revision = await tx.maybeOne(sql.type(cmsPageVersionsRow)`
    SELECT ${cmsPageVersionsColumns} FROM cms_page_versions WHERE cms_page_id = ${input.id} AND version_number = ${input.revision}`);
  if (!revision) throw new NotFoundError(`Page ${before.slug} has no revision ${input.revision}.`);
  const after = await tx.one(sql.type(cmsPagesRow)`
    UPDATE cms_pages SET title = ${revision.title}, body = ${revision.body}, meta_title = ${revision.meta_title},
      meta_description = ${revision.meta_description}, updated_at = now()
    WHERE id = ${input.id} RETURNING ${cmsPagesColumns}`);
  await saveRevision(tx, after, `Restored revision ${input.revision}.`, actor);
  await recordAudit(tx, actor, { action: "restore", entity: "cms_pages", entityId: after.id, before, after });
  return loadPage(tx, after.id);
}

/** The page with its revision numbers; NotFoundError when the tenant has no such page. */
export async function loadPage(tx: TenantQueries, id: string): Promise<PageWithRevisions> {
  const page = await tx.maybeOne(sql.type(pageWithRevisions)`
    SELECT ${pageColumns}, ${revisionNumbers} FROM cms_pages p WHERE p.id = ${id}`);
  if (!page) throw new NotFoundError(`No page has the id ${id}.`);
  return page;
}

export const pageRevision = cmsPageVersionsRow;
export type PageRevision = z.infer<typeof pageRevision>;

/** A page's revisions, newest first, one keyset page (the cursor is a revision number). */
export async function listPageRevisions(
  tx: TenantQueries,
  input: { id: string; cursor?: number | undefined; limit: number },
): Promise<{ items: PageRevision[]; nextCursor: number | null }> {
  await loadPage(tx, input.id);
  const after = input.cursor === undefined ? sql.fragment`TRUE` : sql.fragment`version_number < ${input.cursor}`;
  const rows = await tx.any(sql.type(cmsPageVersionsRow)`
    SELECT ${cmsPageVersionsColumns} FROM cms_page_versions WHERE cms_page_id = ${input.id} AND ${after}
    ORDER BY version_number DESC LIMIT ${input.limit + 1}`);
  const items = rows.slice(0, input.limit);
  return { items, nextCursor: rows.length > input.limit ? (items.at(-1)?.version_number ?? null) : null };
}

const pageColumns = sql.fragment`p.id, p.slug, p.title, p.body, p.parent_id, p.author_id, p.template, p.status, p.published_at,
  p.meta_title, p.meta_description, p.meta_keywords, p.canonical_url, p.og_image_id, p.noindex, p.attributes, p.created_at, p.updated_at`;
const revisionNumbers = sql.fragment`
  coalesce((SELECT max(v.version_number) FROM cms_page_versions v WHERE v.cms_page_id = p.id), 0) AS current_revision,
  (SELECT v.version_number FROM cms_page_versions v WHERE v.cms_page_id = p.id AND v.is_published) AS published_revision`;

/** Keeps the page's content as its next revision (numbered under the page's row lock). */
async function saveRevision(tx: TenantQueries, page: CmsPagesRow, note: string | null, actor: Actor): Promise<void> {
  await tx.query(sql.unsafe`
    INSERT INTO cms_page_versions (cms_page_id, version_number, title, body, meta_title, meta_description, change_note, created_by)
    SELECT ${page.id}, coalesce(max(version_number), 0) + 1, ${page.title}, ${page.body}, ${page.meta_title},
      ${page.meta_description}, ${note}, ${actor.userId}::uuid
    FROM cms_page_versions WHERE cms_page_id = ${page.id}`);
}

async function withdraw(
  tx: TenantQueries,
  before: CmsPagesRow,
  status: "draft" | "archived",
  action: string,
  actor: Actor,
): Promise<PageWithRevisions> {
  await tx.query(sql.unsafe`UPDATE cms_page_versions SET is_published = false WHERE cms_page_id = ${before.id} AND is_published`);
  const after = await tx.one(sql.type(cmsPagesRow)`
    UPDATE cms_pages SET status = ${status}, published_at = NULL, updated_at = now()
    WHERE id = ${before.id} RETURNING ${cmsPagesColumns}`);
  await recordAudit(tx, actor, { action, entity: "cms_pages", entityId: after.id, before, after });
  return loadPage(tx, after.id);
}

async function lockedPage(tx: TenantQueries, id: string): Promise<CmsPagesRow> {
  const page = await tx.maybeOne(sql.type(cmsPagesRow)`SELECT ${cmsPagesColumns} FROM cms_pages WHERE id = ${id} FOR UPDATE`);
  if (!page) throw new NotFoundError(`No page has the id ${id}.`);
  return page;
}

function pick(input: Partial<PageFields>): Record<string, unknown> {
  return Object.fromEntries(editable.filter((column) => input[column] !== undefined).map((column) => [column, input[column]]));
}

/** jsonb for the attributes object; every other field as it is. */
function toValue(value: unknown) {
  return value !== null && typeof value === "object" ? sql.jsonb(value as never) : (value as string | number | boolean | null);
}
