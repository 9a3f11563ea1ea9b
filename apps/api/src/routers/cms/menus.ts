import { cmsMenuItemsInsert, cmsMenuItemsLinkType, cmsMenuItemsRow, cmsMenusInsert, cmsMenusLocation, cmsMenusRow } from "@erp/db-types";
import { cms } from "@erp/erp";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, name, position, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const key = z.string({ error: "must be a string" }).regex(/^[a-z][a-z0-9_-]{0,63}$/, {
  error: "must start with a lower-case letter, then up to 63 lower-case letters, digits, '_' or '-'",
});

const menuFields = tableInput(cmsMenusInsert, { key, name, location: true, is_active: true });
const menus = createCrudProcedures({
  module: "cms",
  table: "cms_menus",
  entity: "menu",
  row: cmsMenusRow,
  create: menuFields,
  update: menuFields.partial(),
  filters: { location: cmsMenusLocation.optional(), is_active: z.boolean().optional() },
  search: ["key", "name"],
  // Removing a menu removes its items (cms_menu_items cascades).
  removable: true,
});

export const cmsMenusRouter = router({
  list: menus.list,
  get: menus.get,
  create: menus.create,
  update: menus.update,
  remove: menus.remove,
  items: moduleProcedure("cms", "read")
    .meta({ summary: "A menu's items in display order: top level first, each level by position (at most 500).", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(z.object({ items: z.array(cmsMenuItemsRow) }))
    .query(async ({ ctx, input }) => ({ items: await cms.listMenuItems(ctx.tx, input.id) })),
});

// The link target must match link_type (a CHECK with its sentence): url for 'url', cms_page_id for 'page', category_id for 'category'.
const itemFields = tableInput(cmsMenuItemsInsert, {
  cms_menu_id: id,
  parent_id: id,
  label: text(200).trim().min(1, { error: "must not be empty" }),
  link_type: true,
  url: text(2000),
  cms_page_id: id,
  category_id: id,
  open_in_new_tab: true,
  position: position.min(0, { error: "must be 0 or more" }),
  is_active: true,
});
const items = createCrudProcedures({
  module: "cms",
  table: "cms_menu_items",
  entity: "menu item",
  row: cmsMenuItemsRow,
  create: itemFields,
  update: itemFields.omit({ cms_menu_id: true }).partial(),
  filters: { cms_menu_id: id.optional(), link_type: cmsMenuItemsLinkType.optional() },
  search: ["label"],
  removable: true,
});

export const cmsMenuItemsRouter = router({
  list: items.list,
  get: items.get,
  create: items.create,
  update: items.update,
  remove: items.remove,
});
