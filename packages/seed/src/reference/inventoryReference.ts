import type { ReferenceContext } from "../generate/context.ts";

export const zoneDefinitions = [
  { code: "RECV", name: "Receiving", kind: "receiving" },
  { code: "STOR", name: "Storage", kind: "storage" },
] as const;

/** Storage bins in the storage zone; stock is put away bin by bin. */
export const binCodes = ["STOR-A1", "STOR-A2", "STOR-B1", "STOR-B2"] as const;

export function generateInventoryReference({ faker, id, data }: ReferenceContext): void {
  const warehouse = data.add("warehouses", {
    id: id(),
    code: "MAIN",
    name: "Main warehouse",
    kind: "warehouse",
    line1: faker.location.streetAddress(),
    city: faker.location.city(),
    region: faker.location.state({ abbreviated: true }),
    postal_code: faker.location.zipCode("#####"),
    country: "US",
    timezone: "UTC",
    is_default: true,
    allow_negative_stock: false,
    status: "active",
  });
  const zoneIds = new Map(
    zoneDefinitions.map((zone) => [zone.kind, data.add("zones", { id: id(), warehouse_id: warehouse.id, ...zone, status: "active" }).id]),
  );
  for (const [index, code] of binCodes.entries()) {
    data.add("bins", {
      id: id(),
      zone_id: zoneIds.get("storage")!,
      code,
      barcode: `BIN-${code}`,
      aisle: code.slice(5, 6),
      shelf: code.slice(6),
      position: String(index + 1),
      is_pickable: true,
      status: "active",
    });
  }
}
