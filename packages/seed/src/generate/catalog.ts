import { byCode } from "../reference/loadReference.ts";
import { Calendar } from "./calendar.ts";
import type { UnitContext } from "./context.ts";
import { numbered, slugged } from "./keyTag.ts";
import { decimal, share } from "./money.ts";
import { variantsPerProduct } from "./orderShapes.ts";

export type Variant = {
  id: string;
  productId: string;
  sku: string;
  name: string;
  priceCents: number;
  costCents: number;
  taxRateId: string;
  /** The tax rate in millionths of a percent (8.25 % = 82500). */
  taxRate: number;
};

export type Catalog = { products: { id: string; sku: string; name: string }[]; variants: Variant[][] };

const sizes = ["Standard", "Large"] as const;

/** Categories, brands, products with their variants (a standard and a larger size) and wholesale prices. */
export function generateCatalog(ctx: UnitContext): Catalog {
  const { faker, id, data, tag, volumes, reference, calendar } = ctx;
  const each = byCode(reference.units, "EA", "unit of measure");
  const standardRate = byCode(reference.taxRates, "STD", "tax rate");
  const reducedRate = byCode(reference.taxRates, "RED", "tax rate");
  const wholesale = byCode(reference.priceLists, "WHOLESALE", "price list");

  const categories: { id: string }[] = [];
  for (let k = 0; k < volumes.categories; k++) {
    const name = faker.commerce.department();
    // The first three are top-level; later ones sit under them.
    const parent = k >= 3 ? categories[k % 3] : undefined;
    categories.push(
      data.add("categories", {
        id: id(),
        parent_id: parent?.id ?? null,
        slug: slugged(tag, name, k + 1),
        name,
        position: k,
        status: "active",
      }),
    );
  }
  const brands = Array.from({ length: volumes.brands }, (_, k) => {
    const name = faker.company.name();
    return data.add("brands", { id: id(), slug: slugged(tag, name, k + 1), name: name.slice(0, 200), status: "active" });
  });

  const catalog: Catalog = { products: [], variants: [] };
  for (let k = 0; k < volumes.products; k++) {
    const name = faker.commerce.productName();
    const sku = numbered(tag, "SKU", k + 1, 5);
    const rate = k % 4 === 3 ? reducedRate : standardRate;
    const priceCents = faker.number.int({ min: 5, max: 400 }) * 100 - faker.helpers.arrayElement([1, 5, 51]);
    const costCents = share(priceCents, faker.number.int({ min: 45, max: 70 }));
    const published = calendar.before(faker.number.int({ min: 120, max: 400 }), faker.number.int({ max: 1439 }));
    const product = data.add("products", {
      id: id(),
      sku,
      name,
      slug: slugged(tag, name, k + 1),
      short_description: faker.commerce.productDescription().slice(0, 500),
      product_type: "variable",
      brand_id: brands[k % brands.length]?.id ?? null,
      category_id: categories[k % categories.length]?.id ?? null,
      uom_id: each.id,
      tax_rate_id: rate.id,
      base_price: decimal(priceCents),
      cost_price: decimal(costCents),
      currency: "USD",
      status: "active",
      is_stockable: true,
      is_sellable: true,
      is_purchasable: true,
      weight: decimal(faker.number.int({ min: 10, max: 2500 })),
      weight_unit: "kg",
      country_of_origin: faker.helpers.arrayElement(["US", "DE", "CN", "MX", "VN"]),
      published_at: Calendar.at(published),
      attributes: { material: faker.commerce.productMaterial() },
    });
    const variants = sizes.slice(0, variantsPerProduct).map((size, position): Variant => {
      // The larger size costs 10–25 % more, and so does making it.
      const uplift = position === 0 ? 100 : faker.number.int({ min: 110, max: 125 });
      const variant = data.add("product_variants", {
        id: id(),
        product_id: product.id,
        sku: `${sku}-${size.charAt(0)}`,
        name: `${name} (${size})`,
        price: decimal(share(priceCents, uplift)),
        compare_at_price: decimal(share(priceCents, uplift + 20)),
        cost_price: decimal(share(costCents, uplift)),
        currency: "USD",
        barcode: faker.string.numeric(13),
        position,
        is_default: position === 0,
        status: "active",
        attributes: { size },
      });
      return {
        id: variant.id,
        productId: product.id,
        sku: variant.sku as string,
        name: variant.name as string,
        priceCents: share(priceCents, uplift),
        costCents: share(costCents, uplift),
        taxRateId: rate.id,
        taxRate: rate.rate,
      };
    });
    for (const variant of variants) {
      data.add("price_list_items", {
        id: id(),
        price_list_id: wholesale.id,
        product_variant_id: variant.id,
        min_quantity: "10",
        price: decimal(share(variant.priceCents, 90)),
        currency: "USD",
      });
    }
    catalog.products.push({ id: product.id, sku, name });
    catalog.variants.push(variants);
  }
  return catalog;
}
