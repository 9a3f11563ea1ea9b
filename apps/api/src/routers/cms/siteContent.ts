import {
  cmsBlocksBlockType,
  cmsBlocksInsert,
  cmsBlocksRow,
  cmsBlocksStatus,
  cmsPageBlocksInsert,
  cmsPageBlocksRegion,
  cmsPageBlocksRow,
  landingPagesInsert,
  landingPagesRow,
  landingPagesStatus,
  redirectsInsert,
  redirectsRow,
  seoSettingsInsert,
  seoSettingsRow,
  siteSettingsInsert,
  siteSettingsRow,
  siteSettingsSettingGroup,
} from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { statusMoveProcedure } from "../../crud/statusMoveProcedure.ts";
import { router } from "../../trpc.ts";
import { attributes, id, instant, name, position, slug, text, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const sitePath = text(2000).regex(/^\//, { error: "must start with '/'" });
const key = z.string({ error: "must be a string" }).regex(/^[a-z][a-z0-9_-]{0,63}$/, {
  error: "must start with a lower-case letter, then up to 63 lower-case letters, digits, '_' or '-'",
});

// from_path is unique: a second redirect from the same path answers CONFLICT; to_path must differ from it (a CHECK).
const redirectFields = tableInput(redirectsInsert, {
  from_path: sitePath,
  to_path: text(2000).regex(/^(\/|https?:\/\/)/, { error: "must start with '/' or http(s)://" }),
  status_code: z.union([z.literal(301), z.literal(302)], { error: "must be 301 or 302" }),
  is_active: true,
});
const redirects = createCrudProcedures({
  module: "cms",
  table: "redirects",
  entity: "redirect",
  row: redirectsRow,
  create: redirectFields,
  update: redirectFields.partial(),
  filters: { is_active: z.boolean().optional() },
  search: ["from_path", "to_path"],
  removable: true,
});
export const redirectsRouter = router({
  list: redirects.list,
  get: redirects.get,
  create: redirects.create,
  update: redirects.update,
  remove: redirects.remove,
});

const seoFields = tableInput(seoSettingsInsert, {
  path: sitePath,
  meta_title: text(200),
  meta_description: text(500),
  meta_keywords: text(1000),
  canonical_url: url,
  og_image_id: id,
  noindex: true,
  nofollow: true,
  structured_data: attributes,
});
const seo = createCrudProcedures({
  module: "cms",
  table: "seo_settings",
  entity: "SEO setting",
  row: seoSettingsRow,
  create: seoFields,
  update: seoFields.partial(),
  search: ["path"],
  removable: true,
});
export const seoSettingsRouter = router({ list: seo.list, get: seo.get, create: seo.create, update: seo.update, remove: seo.remove });

const settingFields = tableInput(siteSettingsInsert, {
  key: z.string({ error: "must be a string" }).regex(/^[a-z][a-z0-9_.]{0,99}$/, {
    error: "must start with a lower-case letter, then up to 99 lower-case letters, digits, '_' or '.'",
  }),
  // Any JSON value; sent as JSON text so a bare string or number lands in the jsonb column as itself.
  value: z.json({ error: "must be JSON" }).transform((value) => JSON.stringify(value)),
  setting_group: true,
  is_public: true,
});
const settings = createCrudProcedures({
  module: "cms",
  table: "site_settings",
  entity: "site setting",
  row: siteSettingsRow,
  create: settingFields,
  update: settingFields.omit({ key: true }).partial(),
  filters: { setting_group: siteSettingsSettingGroup.optional(), is_public: z.boolean().optional() },
  search: ["key"],
  prepare: (_input, user) => ({ updated_by: user.id }),
  removable: true,
});
export const siteSettingsRouter = router({
  list: settings.list,
  get: settings.get,
  create: settings.create,
  update: settings.update,
  remove: settings.remove,
});

// Status moves only through publish and archive: a new landing page is a draft; the window is a CHECK (ends_at after starts_at).
const landingFields = tableInput(landingPagesInsert, {
  slug,
  title: text(200).min(1, { error: "must not be empty" }),
  campaign: text(200),
  hero_media_id: id,
  sections: z.array(z.json(), { error: "must be an array" }),
  starts_at: instant,
  ends_at: instant,
  meta_title: text(200),
  meta_description: text(500),
  noindex: true,
});
const landing = createCrudProcedures({
  module: "cms",
  table: "landing_pages",
  entity: "landing page",
  row: landingPagesRow,
  create: landingFields,
  update: landingFields.partial(),
  filters: { status: landingPagesStatus.optional() },
  search: ["title", "slug", "campaign"],
  archiveStatus: "archived",
  prepare: (_input, user) => ({ created_by: user.id }),
});
export const landingPagesRouter = router({
  list: landing.list,
  get: landing.get,
  create: landing.create,
  update: landing.update,
  archive: landing.archive,
  publish: statusMoveProcedure({
    module: "cms",
    table: "landing_pages",
    entity: "landing page",
    row: landingPagesRow,
    action: "publish",
    summary: "Publishes a draft or archived landing page (published_at now, kept when it was published before).",
    label: (row) => `'${String(row.slug)}'`,
    move: () => ({
      from: ["draft", "archived"],
      to: "published",
      set: [sql.fragment`published_at = coalesce(published_at, statement_timestamp())`],
    }),
  }),
});

const blockFields = tableInput(cmsBlocksInsert, {
  key,
  name,
  block_type: true,
  content: attributes,
  media_asset_id: id,
  status: true,
});
const blocks = createCrudProcedures({
  module: "cms",
  table: "cms_blocks",
  entity: "content block",
  row: cmsBlocksRow,
  create: blockFields,
  update: blockFields.omit({ key: true }).partial(),
  filters: { status: cmsBlocksStatus.optional(), block_type: cmsBlocksBlockType.optional() },
  search: ["key", "name"],
  archiveStatus: "archived",
});
export const cmsBlocksRouter = router({
  list: blocks.list,
  get: blocks.get,
  create: blocks.create,
  update: blocks.update,
  archive: blocks.archive,
});

// One block per (page, region, position): a taken place answers CONFLICT.
const placementFields = tableInput(cmsPageBlocksInsert, {
  cms_page_id: id,
  cms_block_id: id,
  region: true,
  position: position.min(0, { error: "must be 0 or more" }),
});
const placements = createCrudProcedures({
  module: "cms",
  table: "cms_page_blocks",
  entity: "page block",
  row: cmsPageBlocksRow,
  create: placementFields,
  update: placementFields.pick({ region: true, position: true }).partial(),
  filters: { cms_page_id: id.optional(), cms_block_id: id.optional(), region: cmsPageBlocksRegion.optional() },
  removable: true,
});
export const cmsPageBlocksRouter = router({
  list: placements.list,
  get: placements.get,
  create: placements.create,
  update: placements.update,
  remove: placements.remove,
});
