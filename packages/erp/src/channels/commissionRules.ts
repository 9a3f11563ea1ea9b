import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { commissionRulesColumns, commissionRulesRow } from "@erp/db-types";
import { sql } from "slonik";
import type { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";

export type CommissionRule = z.infer<typeof commissionRulesRow>;

export type CreateCommissionRuleInput = {
  channel_id: string;
  dealer_id?: string | null | undefined;
  franchisee_id?: string | null | undefined;
  community_partner_id?: string | null | undefined;
  category_id?: string | null | undefined;
  /** The volume tier: the rule applies once the partner's volume in a run reaches it (default 0). */
  min_volume?: string | undefined;
  rate: string;
};

/** A new active rule (audited). A second active rule with the same scope and tier is a CONFLICT. */
export async function createCommissionRule(tx: TenantQueries, input: CreateCommissionRuleInput, actor: Actor): Promise<CommissionRule> {
  const partners = [input.dealer_id, input.franchisee_id, input.community_partner_id].filter(Boolean);
  if (partners.length > 1) throw new InvalidInputError("dealer_id, franchisee_id, community_partner_id: give at most one partner.");
  const rule = await tx.one(sql.type(commissionRulesRow)`
    INSERT INTO commission_rules (channel_id, dealer_id, franchisee_id, community_partner_id, category_id, min_volume, rate)
    VALUES (${input.channel_id}, ${input.dealer_id ?? null}, ${input.franchisee_id ?? null}, ${input.community_partner_id ?? null},
      ${input.category_id ?? null}, ${input.min_volume ?? "0"}, ${input.rate})
    RETURNING ${commissionRulesColumns}`);
  await recordAudit(tx, actor, { action: "create", entity: "commission_rules", entityId: rule.id, after: rule });
  return rule;
}

/**
 * Retires a rule: later runs no longer use it; lines computed with it keep it. Rules are never
 * edited (the database refuses it): retire one and create its successor.
 */
export async function retireCommissionRule(tx: TenantQueries, input: { id: string }, actor: Actor): Promise<CommissionRule> {
  const before = await tx.maybeOne(sql.type(commissionRulesRow)`
    SELECT ${commissionRulesColumns} FROM commission_rules WHERE id = ${input.id} FOR UPDATE`);
  if (!before) throw new NotFoundError(`No commission rule has the id ${input.id}.`);
  if (before.status === "retired") return before;
  const after = await tx.one(sql.type(commissionRulesRow)`
    UPDATE commission_rules SET status = 'retired', updated_at = now() WHERE id = ${input.id} RETURNING ${commissionRulesColumns}`);
  await recordAudit(tx, actor, { action: "retire", entity: "commission_rules", entityId: input.id, before, after });
  return after;
}
