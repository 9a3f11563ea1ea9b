import { priceListItemsInsert, priceListItemsRow, priceListsInsert, priceListsKind, priceListsRow, priceListsStatus } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, currency, id, instant, money, name, quantity, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

const fields = tableInput(priceListsInsert, {
  code,
  name,
  description: text(5000),
  kind: true,
  currency,
  prices_include_tax: true,
  is_default: true,
  priority: z.number().int().min(-1000).max(1000),
  valid_from: instant,
  valid_to: instant,
  status: true,
});

export const priceListsRouter = router(
  createCrudProcedures({
    module: "catalog",
    table: "price_lists",
    entity: "price list",
    row: priceListsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: priceListsStatus.optional(), kind: priceListsKind.optional() },
    search: ["name", "code"],
    archiveStatus: "archived",
    prepare: (_input, user) => ({ created_by: user.id }),
  }),
);

const itemFields = tableInput(priceListItemsInsert, {
  min_quantity: quantity,
  price: money,
  currency,
  valid_from: instant,
  valid_to: instant,
});

/** Tiered prices of a price list: the row with the largest min_quantity not above the ordered quantity applies. */
export const priceListItemsRouter = router(
  createCrudProcedures({
    module: "catalog",
    table: "price_list_items",
    entity: "price list item",
    row: priceListItemsRow,
    create: itemFields.extend({ price_list_id: id, product_variant_id: id }),
    update: itemFields.partial(),
    filters: { price_list_id: id.optional(), product_variant_id: id.optional() },
    removable: true,
  }),
);
