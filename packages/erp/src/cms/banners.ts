import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { type BannersRow, bannersColumns, bannersRow } from "@erp/db-types";
import { sql } from "slonik";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

/** A banner's content and its schedule window (starts_at inclusive, ends_at exclusive; open when null). */
export type BannerFields = {
  title: string;
  subtitle?: string | null | undefined;
  image_url: string;
  mobile_image_url?: string | null | undefined;
  link_url?: string | null | undefined;
  placement?: string | undefined;
  starts_at?: string | null | undefined;
  ends_at?: string | null | undefined;
  position?: number | undefined;
};

const editable = [
  "title",
  "subtitle",
  "image_url",
  "mobile_image_url",
  "link_url",
  "placement",
  "starts_at",
  "ends_at",
  "position",
] as const;

export type BannerAction = "activate" | "pause" | "archive";

/**
 * The banner's state machine. An active banner is on the website while now lies in its window;
 * pausing takes it off whatever the window says; archived is final.
 */
export const bannerTransitions: Record<BannerAction, { from: readonly string[]; to: BannersRow["status"] }> = {
  activate: { from: ["draft", "paused"], to: "active" },
  pause: { from: ["active"], to: "paused" },
  archive: { from: ["draft", "active", "paused"], to: "archived" },
};

/** Creates a draft banner; a window whose end is not after its start is refused by the database. */
export async function createBanner(tx: TenantQueries, input: BannerFields, actor: Actor): Promise<BannersRow> {
  const values = pick(input);
  const banner = await tx.one(sql.type(bannersRow)`
    INSERT INTO banners (${sql.join(
      Object.keys(values).map((column) => sql.identifier([column])),
      sql.fragment`, `,
    )}, status)
    VALUES (${sql.join(Object.values(values) as never[], sql.fragment`, `)}, 'draft')
    RETURNING ${bannersColumns}`);
  await recordAudit(tx, actor, { action: "create", entity: "banners", entityId: banner.id, after: banner });
  return banner;
}

/** Changes a banner's content or window (not an archived one). */
export async function updateBanner(tx: TenantQueries, input: Partial<BannerFields> & { id: string }, actor: Actor): Promise<BannersRow> {
  const before = await lockedBanner(tx, input.id);
  if (before.status === "archived") throw new InvalidInputError(`Banner ${before.title} is archived: it cannot be changed.`);
  const values = pick(input);
  if (Object.keys(values).length === 0) throw new InvalidInputError("Nothing to change: give at least one field of the banner.");
  const assignments = Object.entries(values).map(([column, value]) => sql.fragment`${sql.identifier([column])} = ${value as never}`);
  const after = await tx.one(sql.type(bannersRow)`
    UPDATE banners SET ${sql.join(assignments, sql.fragment`, `)}, updated_at = now()
    WHERE id = ${input.id} RETURNING ${bannersColumns}`);
  await recordAudit(tx, actor, { action: "update", entity: "banners", entityId: after.id, before, after });
  return after;
}

/** Moves a banner along its state machine (activate, pause, archive). */
export async function changeBannerStatus(
  tx: TenantQueries,
  input: { id: string; action: BannerAction },
  actor: Actor,
): Promise<BannersRow> {
  const before = await lockedBanner(tx, input.id);
  const transition = bannerTransitions[input.action];
  if (!transition.from.includes(before.status)) {
    throw new InvalidInputError(
      `Banner ${before.title} is ${before.status}: only a ${transition.from.join(" or ")} banner can be ${pastTense[input.action]}.`,
    );
  }
  const after = await tx.one(sql.type(bannersRow)`
    UPDATE banners SET status = ${transition.to}, updated_at = now() WHERE id = ${input.id} RETURNING ${bannersColumns}`);
  await recordAudit(tx, actor, { action: input.action, entity: "banners", entityId: after.id, before, after });
  return after;
}

const pastTense: Record<BannerAction, string> = { activate: "activated", pause: "paused", archive: "archived" };

async function lockedBanner(tx: TenantQueries, id: string): Promise<BannersRow> {
  const banner = await tx.maybeOne(sql.type(bannersRow)`SELECT ${bannersColumns} FROM banners WHERE id = ${id} FOR UPDATE`);
  if (!banner) throw new NotFoundError(`No banner has the id ${id}.`);
  return banner;
}

function pick(input: Partial<BannerFields>): Record<string, unknown> {
  return Object.fromEntries(editable.filter((column) => input[column] !== undefined).map((column) => [column, input[column]]));
}
