import { randomBytes } from "node:crypto";
import { NotFoundError } from "@erp/db";
import {
  productsColumns,
  productsInsert,
  productsRow,
  productsStatus,
  productVariantsColumns,
  productVariantsInsert,
  productVariantsRow,
} from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import { createCrudProcedures, insertRow } from "../../crud/createCrudProcedures.ts";
import { moduleProcedure, router } from "../../trpc.ts";
import { attributes, country, currency, id, money, name, position, sku, slug, text } from "../../validation/fields.ts";
import { tableInput } from "../../validation/tableInput.ts";

export const variantFields = tableInput(productVariantsInsert, {
  sku,
  name,
  price: money,
  compare_at_price: money,
  cost_price: money,
  currency,
  barcode: text(100),
  weight: money,
  position,
  is_default: true,
  status: true,
  attributes,
});

const productFields = tableInput(productsInsert, {
  sku,
  name,
  // NOT NULL, but made from name and sku when left out.
  slug: slug.optional(),
  short_description: text(500),
  description: text(20000),
  product_type: true,
  brand_id: id,
  manufacturer_id: id,
  category_id: id,
  // NOT NULL, but the unit "EA" when left out.
  uom_id: id.optional(),
  tax_rate_id: id,
  base_price: money,
  cost_price: money,
  currency,
  status: true,
  is_stockable: true,
  is_sellable: true,
  is_purchasable: true,
  weight: money,
  weight_unit: true,
  hs_code: text(20),
  country_of_origin: country,
  attributes,
});

const productWithVariants = productsRow.extend({ variants: z.array(productVariantsRow) });

const crud = createCrudProcedures({
  module: "catalog",
  table: "products",
  entity: "product",
  row: productsRow,
  create: productFields,
  update: productFields.partial(),
  filters: { status: productsStatus.optional(), category_id: id.optional(), brand_id: id.optional() },
  search: ["name", "sku"],
  archiveStatus: "archived",
});

/** "Blue Mug" + "MUG-1" → "blue-mug-mug-1": a readable default slug (random for names without Latin letters or digits). */
function slugFor(productName: string, productSku: string): string {
  const readable = `${productName} ${productSku}`
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, 180)
    .replace(/^-+|-+$/g, "");
  return readable || `p-${randomBytes(6).toString("hex")}`;
}

export const productsRouter = router({
  list: crud.list,
  update: crud.update,
  archive: crud.archive,

  get: moduleProcedure("catalog")
    .meta({ summary: "One product with its variants.", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(productWithVariants)
    .query(async ({ ctx, input }) => {
      // Both at once: on the pipelined connection they leave in one write and share a round trip.
      const [product, variants] = await Promise.all([
        ctx.tx.maybeOne(sql.type(productsRow)`SELECT ${productsColumns} FROM products WHERE id = ${input.id}`),
        ctx.tx.any(
          sql.type(
            productVariantsRow,
          )`SELECT ${productVariantsColumns} FROM product_variants WHERE product_id = ${input.id} ORDER BY position, id`,
        ),
      ]);
      if (!product) throw new NotFoundError(`No product has the id ${input.id}.`);
      return { ...product, variants: [...variants] };
    }),

  create: moduleProcedure("catalog", "write")
    .meta({
      summary: "Creates a product and its variants in one step. Without uom_id the product counts in units (EA, created on first use).",
      errors: ["CONFLICT", "NOT_FOUND"],
    })
    .input(productFields.extend({ variants: z.array(variantFields).max(100).default([]) }))
    .output(productWithVariants)
    .mutation(async ({ ctx, input }) => {
      const { variants, ...fields } = input;
      const uomId =
        fields.uom_id ??
        (await ctx.tx.oneFirst(sql.type(z.object({ id }))`
          WITH created AS (
            INSERT INTO units_of_measure (code, name, symbol) VALUES ('EA', 'Each', 'ea') ON CONFLICT (code) DO NOTHING RETURNING id
          )
          SELECT id FROM created UNION ALL SELECT id FROM units_of_measure WHERE code = 'EA' LIMIT 1`));
      const values = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
      const product = await insertRow(
        ctx.tx,
        sql.identifier(["products"]),
        productsColumns,
        { ...values, uom_id: uomId, slug: fields.slug ?? slugFor(fields.name, fields.sku), created_by: ctx.user.id },
        productsRow,
      );
      const created = [];
      for (const variant of variants) {
        const variantValues = Object.fromEntries(Object.entries(variant).filter(([, value]) => value !== undefined));
        created.push(
          await insertRow(
            ctx.tx,
            sql.identifier(["product_variants"]),
            productVariantsColumns,
            { ...variantValues, product_id: product.id },
            productVariantsRow,
          ),
        );
      }
      return { ...product, variants: created };
    }),
});
