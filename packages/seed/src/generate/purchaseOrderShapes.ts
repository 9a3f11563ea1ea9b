import type { Volumes } from "../tiers/tierSpec.ts";
import { variantsPerProduct } from "./orderShapes.ts";

export type PurchaseOrderStatus = "sent" | "partially_received" | "received";

export type PurchaseOrderShape = {
  index: number;
  status: PurchaseOrderStatus;
  vendor: number;
  daysBefore: number;
  /** Distinct products of the vendor (product k is supplied by vendor k mod vendors). */
  lines: { product: number; variant: number }[];
};

/** Like orderShapes: the newest purchase order is still open, the one before half received, the rest received. */
export function purchaseOrderShapes(volumes: Volumes): PurchaseOrderShape[] {
  const n = volumes.purchaseOrders;
  return Array.from({ length: n }, (_, index) => {
    const age = n - 1 - index;
    const vendor = index % volumes.vendors;
    const supplied = Array.from({ length: volumes.products }, (_, product) => product).filter(
      (product) => product % volumes.vendors === vendor,
    );
    const lineCount = 2 + (index % 2);
    return {
      index,
      status: age === 0 ? "sent" : age === 1 ? "partially_received" : "received",
      vendor,
      daysBefore: 14 + Math.floor((age * 50) / n),
      lines: Array.from({ length: lineCount }, (_, line) => ({
        product: supplied[(index + line) % supplied.length] as number,
        variant: (index + line) % variantsPerProduct,
      })),
    };
  });
}
