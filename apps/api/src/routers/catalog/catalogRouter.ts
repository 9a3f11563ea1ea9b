import { router } from "../../trpc.ts";
import { brandsRouter } from "./brands.ts";
import { categoriesRouter } from "./categories.ts";
import { priceListItemsRouter, priceListsRouter } from "./priceLists.ts";
import { productsRouter } from "./products.ts";
import { variantsRouter } from "./variants.ts";

export const catalogRouter = router({
  products: productsRouter,
  variants: variantsRouter,
  categories: categoriesRouter,
  brands: brandsRouter,
  priceLists: priceListsRouter,
  priceListItems: priceListItemsRouter,
});
