import type { ReferenceContext } from "../generate/context.ts";

export const currencyDefinitions = [
  { code: "USD", name: "US dollar", symbol: "$", is_base: true },
  { code: "EUR", name: "Euro", symbol: "€", is_base: false },
  { code: "GBP", name: "Pound sterling", symbol: "£", is_base: false },
] as const;

export const unitDefinitions = [
  { code: "EA", name: "Each", symbol: "ea", kind: "unit", decimal_places: 0 },
  { code: "BOX", name: "Box", symbol: "box", kind: "pack", decimal_places: 0 },
  { code: "KG", name: "Kilogram", symbol: "kg", kind: "weight", decimal_places: 3 },
] as const;

/** Demo products are taxed at the standard or reduced rate; the zero rate exists for the books. */
export const taxRateDefinitions = [
  { code: "STD", taxClass: "standard", name: "Standard rate", rate: "8.2500" },
  { code: "RED", taxClass: "reduced", name: "Reduced rate", rate: "5.0000" },
  { code: "ZERO", taxClass: "zero", name: "Zero rate", rate: "0.0000" },
] as const;

export const priceListDefinitions = [
  { code: "RETAIL", name: "Retail", is_default: true, priority: 0 },
  { code: "WHOLESALE", name: "Wholesale", is_default: false, priority: 10 },
] as const;

export function generateCatalogReference({ id, data }: ReferenceContext): void {
  for (const currency of currencyDefinitions) data.add("currencies", { id: id(), ...currency, decimal_places: 2, status: "active" });
  for (const unit of unitDefinitions) data.add("units_of_measure", { id: id(), ...unit, status: "active" });
  const classIds = new Map<string, string>();
  for (const definition of taxRateDefinitions) {
    const classId = id();
    classIds.set(definition.taxClass, classId);
    data.add("tax_classes", { id: classId, code: definition.taxClass, name: `${definition.name} goods` });
  }
  for (const definition of taxRateDefinitions) {
    data.add("tax_rates", {
      id: id(),
      tax_class_id: classIds.get(definition.taxClass) ?? null,
      code: definition.code,
      name: definition.name,
      rate: definition.rate,
      country: "US",
      status: "active",
    });
  }
  for (const list of priceListDefinitions) {
    data.add("price_lists", { id: id(), ...list, kind: "sales", currency: "USD", status: "active" });
  }
}
