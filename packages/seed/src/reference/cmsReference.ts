import type { ReferenceContext } from "../generate/context.ts";

export const faqCategoryDefinitions = [
  { slug: "ordering", name: "Ordering" },
  { slug: "shipping", name: "Shipping and delivery" },
  { slug: "returns", name: "Returns and refunds" },
] as const;

export function generateCmsReference({ id, data }: ReferenceContext): void {
  for (const [position, category] of faqCategoryDefinitions.entries()) {
    data.add("faq_categories", { id: id(), ...category, position, is_active: true });
  }
}
