import { NotFoundError, type TenantQueries } from "@erp/db";
import { type CmsMenuItemsRow, cmsMenuItemsColumns, cmsMenuItemsRow } from "@erp/db-types";
import { sql } from "slonik";

/** A menu's entries in display order: top level first, each level by position (at most 500). */
export async function listMenuItems(tx: TenantQueries, menuId: string): Promise<CmsMenuItemsRow[]> {
  const menu = await tx.maybeOne(sql.unsafe`SELECT id FROM cms_menus WHERE id = ${menuId}`);
  if (!menu) throw new NotFoundError(`No menu has the id ${menuId}.`);
  const rows = await tx.any(sql.type(cmsMenuItemsRow)`
    SELECT ${cmsMenuItemsColumns} FROM cms_menu_items WHERE cms_menu_id = ${menuId}
    ORDER BY parent_id NULLS FIRST, position, id LIMIT 500`);
  return [...rows];
}
