import { InvalidInputError, NotFoundError, type TenantQueries } from "@erp/db";
import { amcContractItemsColumns, amcContractItemsRow, amcContractsColumns, amcContractsRow } from "@erp/db-types";
import { type FragmentSqlToken, sql } from "slonik";
import { z } from "zod";
import type { Actor } from "../actor.ts";
import { recordAudit } from "../audit/recordAudit.ts";
import { serviceNumber } from "./serviceNumber.ts";

export const amcContractWithItems = amcContractsRow.extend({ items: z.array(amcContractItemsRow) });
export type AmcContractWithItems = z.infer<typeof amcContractWithItems>;

export type CreateAmcContractInput = {
  customer_id: string;
  start_date: string;
  end_date: string;
  visits_included: number;
  amount?: string | undefined;
  sla_policy_id?: string | undefined;
  /** The covered products; none means every product of the customer is covered. */
  items?: readonly { product_id: string; serial_number?: string | undefined }[] | undefined;
};

/** Signs an active maintenance contract: coverage period, covered products and the visits it includes. */
export async function createAmcContract(tx: TenantQueries, input: CreateAmcContractInput, actor: Actor): Promise<AmcContractWithItems> {
  const customer = await tx.maybeOneFirst(sql.type(z.object({ id: z.uuid() }))`SELECT id FROM customers WHERE id = ${input.customer_id}`);
  if (!customer) throw new NotFoundError(`No customer has the id ${input.customer_id}.`);
  if (input.end_date <= input.start_date) throw new InvalidInputError("end_date: must lie after start_date.");
  const contract = await tx.one(sql.type(amcContractsRow)`
    INSERT INTO amc_contracts (contract_number, customer_id, sla_policy_id, start_date, end_date, amount, visits_included, status)
    VALUES (${serviceNumber("AMC")}, ${input.customer_id}, ${input.sla_policy_id ?? null}::uuid, ${input.start_date}::date, ${input.end_date}::date,
      ${input.amount ?? "0"}, ${input.visits_included}, 'active')
    RETURNING ${amcContractsColumns}`);
  const items = input.items ?? [];
  if (items.length > 0) {
    await tx.query(sql.unsafe`
      INSERT INTO amc_contract_items (amc_contract_id, product_id, serial_number)
      SELECT ${contract.id}, product_id, serial_number
      FROM ${sql.unnest(
        items.map((item) => [item.product_id, item.serial_number ?? null]),
        ["uuid", "text"],
      )} AS i(product_id, serial_number)`);
  }
  await recordAudit(tx, actor, {
    action: "create",
    entity: "amc_contracts",
    entityId: contract.id,
    after: { contract_number: contract.contract_number },
  });
  return loadAmcContract(tx, contract.id);
}

export async function loadAmcContract(tx: TenantQueries, id: string): Promise<AmcContractWithItems> {
  const contract = await tx.maybeOne(sql.type(amcContractsRow)`SELECT ${amcContractsColumns} FROM amc_contracts WHERE id = ${id}`);
  if (!contract) throw new NotFoundError(`No maintenance contract has the id ${id}.`);
  const items = await tx.any(sql.type(amcContractItemsRow)`
    SELECT ${amcContractItemsColumns} FROM amc_contract_items WHERE amc_contract_id = ${id} ORDER BY id`);
  return { ...contract, items: [...items] };
}

export async function listAmcContracts(
  tx: TenantQueries,
  filter: { customer_id?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const conditions: FragmentSqlToken[] = [sql.fragment`TRUE`];
  if (filter.cursor) conditions.push(sql.fragment`id > ${filter.cursor}`);
  if (filter.customer_id) conditions.push(sql.fragment`customer_id = ${filter.customer_id}`);
  const rows = await tx.any(sql.type(amcContractsRow)`
    SELECT ${amcContractsColumns} FROM amc_contracts WHERE ${sql.join(conditions, sql.fragment` AND `)} ORDER BY id LIMIT ${filter.limit + 1}`);
  const items = rows.slice(0, filter.limit);
  return { items, nextCursor: rows.length > filter.limit ? (items.at(-1)?.id ?? null) : null };
}
