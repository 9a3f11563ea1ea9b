import type { ReferenceContext } from "../generate/context.ts";

/** Shipping is always charged (no free-shipping threshold), so every invoice has its shipping line. */
export const shippingMethodDefinitions = [
  {
    code: "STANDARD",
    name: "Standard ground",
    carrier: "UPS",
    service_level: "ground",
    base_rate: "5.99",
    estimated_days_min: 3,
    estimated_days_max: 5,
  },
  {
    code: "EXPRESS",
    name: "Express air",
    carrier: "FedEx",
    service_level: "express",
    base_rate: "14.99",
    estimated_days_min: 1,
    estimated_days_max: 2,
  },
] as const;

export function generateSalesReference({ id, data }: ReferenceContext): void {
  for (const method of shippingMethodDefinitions) data.add("shipping_methods", { id: id(), ...method, currency: "USD", status: "active" });
}
