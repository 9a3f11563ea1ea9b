import type { ErpClient } from "@erp/client";

export type Shop = {
  warehouseId: string;
  productId: string;
  variantId: string;
  sku: string;
  customerId: string;
};

/**
 * A default warehouse, a product with one variant priced 12.50, `stock` units of it received at 5.00,
 * and a customer: what an order needs. `tag` keeps business keys unique within a tenant.
 */
export async function openShop(client: ErpClient, tag: string, stock = 10): Promise<Shop> {
  const warehouses = await client.inventory.warehouses.list.query({ limit: 1 });
  const warehouse =
    warehouses.items[0] ?? (await client.inventory.warehouses.create.mutate({ code: "MAIN", name: "Main warehouse", is_default: true }));
  const sku = `MUG-${tag}`;
  const product = await client.catalog.products.create.mutate({
    sku,
    name: `Mug ${tag}`,
    base_price: "10",
    status: "active",
    variants: [{ sku: `${sku}-BLUE`, name: `Mug ${tag} blue`, price: "12.50", status: "active" }],
  });
  const variantId = product.variants[0]?.id ?? "";
  if (stock > 0) {
    await client.inventory.stock.receive.mutate({
      product_id: product.id,
      product_variant_id: variantId,
      warehouse_id: warehouse.id,
      quantity: stock,
      unit_cost: "5",
    });
  }
  const customer = await client.sales.customers.create.mutate({
    name: `Customer ${tag}`,
    email: `buyer-${tag.toLowerCase()}@example.test`,
  });
  return { warehouseId: warehouse.id, productId: product.id, variantId, sku: `${sku}-BLUE`, customerId: customer.id };
}
