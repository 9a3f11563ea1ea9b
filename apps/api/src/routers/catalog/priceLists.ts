import { priceListItemsRow, priceListsRow } from "@erp/db-types";
import { z } from "zod";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { code, currency, id, instant, money, name, quantity, text } from "../../validation/fields.ts";

const status = z.enum(["draft", "active", "archived"]);
const fields = z.object({
  code,
  name,
  description: text(5000).nullish(),
  kind: z.enum(["sales", "purchase"]).optional(),
  currency: currency.optional(),
  prices_include_tax: z.boolean().optional(),
  is_default: z.boolean().optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  valid_from: instant.nullish(),
  valid_to: instant.nullish(),
  status: status.optional(),
});

export const priceListsRouter = router(
  createCrudProcedures({
    module: "catalog",
    table: "price_lists",
    entity: "price list",
    row: priceListsRow,
    create: fields,
    update: fields.partial(),
    filters: { status: status.optional(), kind: z.enum(["sales", "purchase"]).optional() },
    search: ["name", "code"],
    archiveStatus: "archived",
    prepare: (_input, user) => ({ created_by: user.id }),
  }),
);

const itemFields = z.object({
  min_quantity: quantity.optional(),
  price: money,
  currency: currency.optional(),
  valid_from: instant.nullish(),
  valid_to: instant.nullish(),
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
