import { randomBytes } from "node:crypto";

/** PREFIX-<time base36>-<6 hex>: unique in practice and sortable by creation (service documents are not in a gapless series). */
export function serviceNumber(prefix: string): string {
  return `${prefix}-${Date.now().toString(36).toUpperCase()}-${randomBytes(3).toString("hex").toUpperCase()}`;
}
