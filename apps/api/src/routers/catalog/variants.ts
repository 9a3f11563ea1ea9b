import { productVariantsRow, productVariantsStatus } from "@erp/db-types";
import { createCrudProcedures } from "../../crud/createCrudProcedures.ts";
import { router } from "../../trpc.ts";
import { id } from "../../validation/fields.ts";
import { variantFields } from "./products.ts";

export const variantsRouter = router(
  createCrudProcedures({
    module: "catalog",
    table: "product_variants",
    entity: "product variant",
    row: productVariantsRow,
    create: variantFields.extend({ product_id: id }),
    update: variantFields.partial(),
    filters: { product_id: id.optional(), status: productVariantsStatus.optional() },
    search: ["name", "sku"],
    archiveStatus: "archived",
  }),
);
