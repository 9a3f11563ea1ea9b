import { purchaseOrdersRow, purchaseOrdersStatus } from "@erp/db-types";
import {
  changePurchaseOrderStatus,
  createPurchaseOrder,
  listPurchaseOrders,
  loadPurchaseOrder,
  type PurchaseOrderAction,
  purchaseOrderTransitions,
  purchaseOrderWithLines,
} from "@erp/erp";
import { z } from "zod";
import { moduleProcedure, router } from "../../trpc.ts";
import { id, instant, money, page, pageOf, quantity, text } from "../../validation/fields.ts";
import { holds, needingRights } from "./rights.ts";

const transition = (action: PurchaseOrderAction, summary: string) =>
  moduleProcedure("procurement", "write")
    .meta({
      summary: `${summary} (${purchaseOrderTransitions[action].from.join(", ")} → ${purchaseOrderTransitions[action].to}).`,
      errors: ["NOT_FOUND", "CONFLICT"],
    })
    .input(z.object({ id, reason: text(1000).nullish() }))
    .output(purchaseOrderWithLines)
    .mutation(({ ctx, input }) => changePurchaseOrderStatus(ctx.tx, { id: input.id, action, reason: input.reason }, ctx.actor));

export const purchaseOrdersRouter = router({
  create: moduleProcedure("procurement", "write")
    .meta({
      summary:
        "Creates a draft purchase order: each line priced from the vendor's price list (vendor_products.last_cost) unless `unit_cost` is agreed, else the catalog cost; input tax from the product's rate; totals computed on the server; a gapless PO number.",
      errors: ["NOT_FOUND", "BAD_REQUEST", "CONFLICT"],
    })
    .input(
      z.object({
        vendor_id: id,
        warehouse_id: id.optional(),
        expected_at: instant.optional(),
        vendor_reference: text(200).nullish(),
        notes: text(5000).nullish(),
        lines: z
          .array(z.object({ product_id: id, product_variant_id: id.nullish(), quantity, unit_cost: money.nullish() }))
          .min(1, { error: "must have at least one line" })
          .max(100, { error: "must have at most 100 lines" }),
      }),
    )
    .output(purchaseOrderWithLines)
    .mutation(({ ctx, input }) => createPurchaseOrder(ctx.tx, input, ctx.actor)),

  list: moduleProcedure("procurement")
    .meta({ summary: "Purchase orders, oldest first, without lines; optionally of one vendor or in one status." })
    .input(z.object({ ...page, vendor_id: id.optional(), status: purchaseOrdersStatus.optional() }))
    .output(pageOf(purchaseOrdersRow))
    .query(({ ctx, input }) => listPurchaseOrders(ctx.tx, input)),

  get: moduleProcedure("procurement")
    .meta({ summary: "One purchase order with its lines (ordered, received, billed and returned quantities).", errors: ["NOT_FOUND"] })
    .input(z.object({ id }))
    .output(purchaseOrderWithLines)
    .query(({ ctx, input }) => loadPurchaseOrder(ctx.tx, input.id)),

  approve: moduleProcedure("procurement", "write")
    .meta({
      summary:
        "Approves a draft purchase order (draft → approved), recording the approver and the order date. Above the tenant's approval threshold (procurement.settings) the user must hold procurement.approve (FORBIDDEN otherwise).",
      errors: ["NOT_FOUND", "CONFLICT", "FORBIDDEN"],
    })
    .input(z.object({ id }))
    .output(purchaseOrderWithLines)
    .mutation(({ ctx, input }) =>
      needingRights(() =>
        changePurchaseOrderStatus(
          ctx.tx,
          { id: input.id, action: "approve", mayApproveAboveThreshold: holds(ctx.user, "procurement.approve") },
          ctx.actor,
        ),
      ),
    ),
  send: transition("send", "Marks an approved purchase order sent to the vendor"),
  close: transition("close", "Closes a received or partially received order: nothing more will arrive"),
  cancel: transition("cancel", "Cancels an order nothing was received on; `reason` is kept in its notes"),
});
