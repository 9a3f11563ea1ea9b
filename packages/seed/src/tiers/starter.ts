import { defineTier } from "./tierSpec.ts";

/** catalog, sales, inventory: a small shop with stock in one warehouse. */
export const starter = defineTier("starter", {
  products: 10,
  categories: 3,
  brands: 2,
  customers: 3,
  orders: 5,
});
