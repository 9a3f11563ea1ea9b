import pg from "pg";
import { createTenantQueries, type TenantQueries } from "../tenantScope/tenantQueries.ts";
import { typeParsersByOid } from "../typeParserOids.ts";

export type DirectConnection = {
  /** The driver's client: for what Slonik cannot do, such as COPY streams (pg-copy-streams). */
  client: pg.Client;
  /** Slonik's query methods over the same connection (and so the same transaction), values parsed as everywhere else. */
  queries: TenantQueries;
  close: () => Promise<void>;
};

/**
 * One plain `pg` connection for long operator work that needs COPY (tenant backup and restore):
 * Slonik sends no COPY and does not hand out its driver's client. No statement timeout: a COPY
 * of a big table runs as long as it needs.
 */
export async function openDirectConnection(url: string, applicationName = "erp-cli"): Promise<DirectConnection> {
  let parsers = new Map<number, (value: string) => unknown>();
  const client = new pg.Client({
    connectionString: url,
    application_name: applicationName,
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") => parsers.get(oid) ?? pg.types.getTypeParser(oid, format)) as never,
    },
  });
  // A connection whose server went away must fail the operation, not crash the process.
  client.on("error", () => {});
  await client.connect();
  try {
    parsers = await typeParsersByOid(client);
  } catch (error) {
    await client.end();
    throw error;
  }
  return { client, queries: createTenantQueries(client, false), close: () => client.end() };
}
