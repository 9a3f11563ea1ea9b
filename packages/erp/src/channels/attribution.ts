import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { orderAttributionsColumns, orderAttributionsRow } from "@erp/db-types";
import { sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { moveOrderBetweenChannels } from "../analytics/applyOrderToSalesRollups.ts";
import { recordAudit } from "../audit/recordAudit.ts";

export type OrderAttribution = z.infer<typeof orderAttributionsRow>;

export type SetAttributionInput = {
  order_id: string;
  channel_id: string;
  /** At most one partner: who earns commission on the order (none: the channel's own sale). */
  dealer_id?: string | null | undefined;
  franchisee_id?: string | null | undefined;
  community_partner_id?: string | null | undefined;
};

const references = z.object({ order: z.boolean(), channel: z.boolean(), partner: z.boolean() });

/**
 * Attributes an order to a channel and optionally one partner (creates or replaces the order's
 * attribution, audited). Once commission has been computed on the order the database refuses a
 * change (BAD_REQUEST): the commission lines keep the partner they were computed for.
 */
export async function setAttribution(tx: TenantQueries, input: SetAttributionInput, actor: Actor): Promise<OrderAttribution> {
  const partners = [
    ["dealer", input.dealer_id],
    ["franchisee", input.franchisee_id],
    ["community_partner", input.community_partner_id],
  ].filter(([, partnerId]) => partnerId) as [string, string][];
  if (partners.length > 1) {
    throw new InvalidInputError("dealer_id, franchisee_id, community_partner_id: give at most one partner.");
  }
  const [beneficiaryType, partnerId] = partners[0] ?? [null, null];
  const partnerTable = { dealer: "dealers", franchisee: "franchisees", community_partner: "community_partners" }[
    beneficiaryType ?? "dealer"
  ];
  const found = await tx.one(sql.type(references)`
    SELECT EXISTS (SELECT 1 FROM orders WHERE id = ${input.order_id}) AS order,
      EXISTS (SELECT 1 FROM channels WHERE id = ${input.channel_id}) AS channel,
      ${partnerId ? sql.fragment`EXISTS (SELECT 1 FROM ${sql.identifier([partnerTable ?? "dealers"])} WHERE id = ${partnerId})` : sql.fragment`TRUE`} AS partner`);
  if (!found.order) throw new NotFoundError(`No order has the id ${input.order_id}.`);
  if (!found.channel) throw new NotFoundError(`No channel has the id ${input.channel_id}.`);
  if (!found.partner) throw new NotFoundError(`No ${beneficiaryType?.replaceAll("_", " ")} has the id ${partnerId}.`);

  const before = await tx.maybeOne(sql.type(orderAttributionsRow)`
    SELECT ${orderAttributionsColumns} FROM order_attributions WHERE order_id = ${input.order_id} FOR UPDATE`);
  const values = sql.fragment`${input.channel_id}::uuid, ${beneficiaryType}::text,
    ${beneficiaryType === "dealer" ? partnerId : null}::uuid, ${beneficiaryType === "franchisee" ? partnerId : null}::uuid,
    ${beneficiaryType === "community_partner" ? partnerId : null}::uuid`;
  const after = before
    ? await tx.one(sql.type(orderAttributionsRow)`
        UPDATE order_attributions SET (channel_id, beneficiary_type, dealer_id, franchisee_id, community_partner_id) = (${values}),
          updated_at = CASE WHEN (channel_id, beneficiary_type, dealer_id, franchisee_id, community_partner_id)
            IS NOT DISTINCT FROM (${values}) THEN updated_at ELSE now() END
        WHERE order_id = ${input.order_id} RETURNING ${orderAttributionsColumns}`)
    : await tx.one(sql.type(orderAttributionsRow)`
        INSERT INTO order_attributions (order_id, channel_id, beneficiary_type, dealer_id, franchisee_id, community_partner_id)
        VALUES (${input.order_id}, ${values}) RETURNING ${orderAttributionsColumns}`);
  // The channel's daily sales follow the order (analytics rollups).
  await moveOrderBetweenChannels(tx, input.order_id, before?.channel_id ?? null, after.channel_id);
  await recordAudit(tx, actor, { action: before ? "update" : "create", entity: "order_attributions", entityId: after.id, before, after });
  return after;
}

/** The order's attribution; NotFoundError when the order has none (or does not exist). */
export async function loadAttribution(tx: TenantQueries, orderId: string): Promise<OrderAttribution> {
  const row = await tx.maybeOne(sql.type(orderAttributionsRow)`
    SELECT ${orderAttributionsColumns} FROM order_attributions WHERE order_id = ${orderId}`);
  if (!row) throw new NotFoundError(`The order ${orderId} has no attribution.`);
  return row;
}
