import { mediaAssetsInsert, mediaAssetsMediaType, mediaAssetsRow, mediaFoldersInsert, mediaFoldersRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { attributes, id, name, text, url } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const folderFields = tableInput(mediaFoldersInsert, { parent_id: id, name });
const folders = createCrudProcedures({
  module: "cms",
  table: "media_folders",
  entity: "media folder",
  row: mediaFoldersRow,
  create: folderFields,
  update: folderFields.partial(),
  filters: { parent_id: id.optional() },
  search: ["name"],
  // Sub-folders go with their folder; a folder still holding assets answers CONFLICT.
  removable: true,
});

export const mediaFoldersRouter = router({
  list: folders.list,
  get: folders.get,
  create: folders.create,
  update: folders.update,
  remove: folders.remove,
});

// Metadata only: the file itself is stored elsewhere under storage_key (unique per tenant); there is no upload here.
const count = z.number({ error: "must be a number" }).int({ error: "must be a whole number" });
const assetFields = tableInput(mediaAssetsInsert, {
  folder_id: id,
  storage_key: text(500).min(1, { error: "must not be empty" }),
  file_name: text(255).min(1, { error: "must not be empty" }),
  url,
  media_type: true,
  mime_type: z.string({ error: "must be a string" }).regex(/^[a-z]+\/[a-z0-9.+-]+$/, { error: "must be a MIME type such as image/png" }),
  size_bytes: count.min(0, { error: "must be 0 or more" }),
  width: count.min(1, { error: "must be at least 1" }),
  height: count.min(1, { error: "must be at least 1" }),
  checksum_sha256: z.string({ error: "must be a string" }).regex(/^[0-9a-f]{64}$/, { error: "must be 64 lower-case hex digits" }),
  alt_text: text(500),
  title: text(200),
  attributes,
});
const assets = createCrudProcedures({
  module: "cms",
  table: "media_assets",
  entity: "media asset",
  row: mediaAssetsRow,
  create: assetFields,
  update: assetFields.pick({ folder_id: true, file_name: true, alt_text: true, title: true, attributes: true }).partial(),
  filters: { folder_id: id.optional(), media_type: mediaAssetsMediaType.optional() },
  search: ["file_name", "title"],
  prepare: (_input, user) => ({ uploaded_by: user.id }),
  // An asset still shown somewhere (a page, a banner, a post) answers CONFLICT.
  removable: true,
});

export const mediaAssetsRouter = router({
  list: assets.list,
  get: assets.get,
  create: assets.create,
  update: assets.update,
  remove: assets.remove,
});
