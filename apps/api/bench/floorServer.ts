import { createServer } from "node:http";
import { orderItemsRow, ordersRow, productsRow, productVariantsRow } from "@erp/db-types";
import pg from "pg";

// The floor of `pnpm bench:api`: the same SQL as the API's procedures, schema-qualified, through a
// bare pg pool behind a plain node:http handler: no tRPC, no validation, no tenant transaction.
// With FLOOR_MODE=confined every request also runs in a tenant transaction opened the cheapest way
// docs/performance.md found: one simple-query string `BEGIN; SELECT set_config(…), set_config(…), <session
// check>` (values inlined after strict validation), then the queries, then COMMIT: what the API's
// confinement would cost without the framework around it.
// Started as a child process by bench/api.ts (FLOOR_DATABASE_URL, FLOOR_SCHEMA, FLOOR_POOL_SIZE,
// FLOOR_MODE, FLOOR_SESSION_ID, FLOOR_USER_ID).

const schema = process.env.FLOOR_SCHEMA ?? "";
if (!/^tenant_[a-z0-9_]+$/.test(schema)) throw new Error("FLOOR_SCHEMA must name a tenant schema.");
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const confine = process.env.FLOOR_MODE === "confined" ? confineStatement() : null;
const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: Number(process.env.FLOOR_POOL_SIZE ?? 10) });
// numeric and timestamps as the API sends them: exact strings.
pg.types.setTypeParser(1700, (value) => value);

const columns = (row: { shape: object }) => Object.keys(row.shape).join(", ");
const productColumns = columns(productsRow);
const variantColumns = columns(productVariantsRow);
const orderColumns = columns(ordersRow);
const itemColumns = columns(orderItemsRow);

const queries = {
  listProducts: `SELECT ${productColumns} FROM ${schema}.products WHERE id > $1 ORDER BY id LIMIT 21`,
  product: `SELECT ${productColumns} FROM ${schema}.products WHERE id = $1`,
  variants: `SELECT ${variantColumns} FROM ${schema}.product_variants WHERE product_id = $1 ORDER BY position, id`,
  order: `SELECT ${orderColumns} FROM ${schema}.orders WHERE id = $1`,
  lines: `SELECT ${itemColumns} FROM ${schema}.order_items WHERE order_id = $1 ORDER BY position, id`,
  header: `SELECT c.status, c.currency, c.price_list_id FROM ${schema}.customers c WHERE c.id = $1`,
  price: `SELECT p.id AS product_id, v.id AS variant_id, p.tax_rate_id, COALESCE(v.sku, p.sku) AS sku, COALESCE(v.name, p.name) AS name,
      COALESCE(v.price, p.base_price)::text AS unit_price, round(COALESCE(v.price, p.base_price) * COALESCE(tr.rate, 0) / 100, 4)::text AS tax
    FROM ${schema}.product_variants v JOIN ${schema}.products p ON p.id = v.product_id
    LEFT JOIN ${schema}.tax_rates tr ON tr.id = p.tax_rate_id AND tr.status = 'active' AND NOT tr.is_inclusive
    WHERE v.id = $1`,
  reserve: `UPDATE ${schema}.inventory SET quantity_reserved = quantity_reserved + 1, updated_at = now()
    WHERE product_id = $1 AND product_variant_id = $2 AND warehouse_id = $3 AND quantity_on_hand - quantity_reserved >= 1 RETURNING id`,
  insertOrder: `INSERT INTO ${schema}.orders (order_number, customer_id, currency, subtotal, tax_total, shipping_total, grand_total)
    VALUES ($1, $2, $3, $4::numeric, $5::numeric, 0, $4::numeric + $5::numeric) RETURNING ${orderColumns}`,
  insertItems: `WITH items AS (
      INSERT INTO ${schema}.order_items (order_id, product_id, product_variant_id, tax_rate_id, sku, name, quantity, unit_price, tax_amount, line_total, currency)
      VALUES ($1, $2, $3, $4, $5, $6, 1, $7::numeric, $8::numeric, $7::numeric + $8::numeric, $9) RETURNING ${itemColumns}
    ), reservations AS (
      INSERT INTO ${schema}.stock_reservations (order_id, order_item_id, product_id, product_variant_id, warehouse_id, quantity)
      SELECT $1, id, product_id, product_variant_id, $10, 1 FROM items
    ), history AS (INSERT INTO ${schema}.order_status_history (order_id, to_status) VALUES ($1, 'draft'))
    SELECT * FROM items`,
};

function confineStatement(): string {
  const session = process.env.FLOOR_SESSION_ID ?? "";
  const user = process.env.FLOOR_USER_ID ?? "";
  if (!uuid.test(session) || !uuid.test(user)) throw new Error("FLOOR_SESSION_ID and FLOOR_USER_ID must be UUIDs.");
  return `BEGIN; SELECT set_config('search_path', '${schema}', true), set_config('role', '${schema}_rw', true),
    EXISTS (SELECT 1 FROM ${schema}.sessions s JOIN ${schema}.users u ON u.id = s.user_id
      WHERE s.id = '${session}' AND s.user_id = '${user}' AND s.revoked_at IS NULL AND s.expires_at > now() AND u.status = 'active') AS live`;
}

type Queryable = Pick<pg.PoolClient, "query">;

/** Reads straight from the pool; writes (and, when confined, everything) in one transaction. */
async function run<T>(write: boolean, work: (client: Queryable) => Promise<T>): Promise<T> {
  if (!confine && !write) return work(pool);
  const client = await pool.connect();
  try {
    if (confine) {
      const [, settings] = (await client.query(confine)) as unknown as pg.QueryResult[];
      if (settings?.rows[0]?.live !== true) throw new Error("session ended");
    } else {
      await client.query("BEGIN");
    }
    const result = await work(client);
    await client.query("COMMIT");
    return result;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

async function createOrder(
  client: Queryable,
  body: { customer_id: string; warehouse_id: string; lines: { product_variant_id: string }[] },
) {
  const variantId = body.lines[0]?.product_variant_id;
  const header = (await client.query(queries.header, [body.customer_id])).rows[0];
  const line = (await client.query(queries.price, [variantId])).rows[0];
  if (!header || !line) throw new Error("not found");
  const reserved = await client.query(queries.reserve, [line.product_id, line.variant_id, body.warehouse_id]);
  if (reserved.rowCount === 0) throw new Error("insufficient stock");
  const number = `FL-${Date.now().toString(36)}-${Math.random().toString(16).slice(2, 8)}`;
  const order = (await client.query(queries.insertOrder, [number, body.customer_id, header.currency, line.unit_price, line.tax])).rows[0];
  const items = await client.query(queries.insertItems, [
    order.id,
    line.product_id,
    line.variant_id,
    line.tax_rate_id,
    line.sku,
    line.name,
    line.unit_price,
    line.tax,
    header.currency,
    body.warehouse_id,
  ]);
  return { ...order, lines: items.rows };
}

const server = createServer(async (request, response) => {
  try {
    const url = new URL(request.url ?? "/", "http://floor");
    let result: unknown;
    if (url.pathname === "/products") {
      const after = url.searchParams.get("after") ?? "00000000-0000-0000-0000-000000000000";
      result = await run(false, async (client) => (await client.query(queries.listProducts, [after])).rows);
    } else if (url.pathname === "/product") {
      const id = url.searchParams.get("id");
      result = await run(false, async (client) => {
        const product = (await client.query(queries.product, [id])).rows[0];
        return { ...product, variants: (await client.query(queries.variants, [id])).rows };
      });
    } else if (url.pathname === "/order") {
      const id = url.searchParams.get("id");
      result = await run(false, async (client) => {
        const order = (await client.query(queries.order, [id])).rows[0];
        return { ...order, lines: (await client.query(queries.lines, [id])).rows };
      });
    } else if (url.pathname === "/orders" && request.method === "POST") {
      let raw = "";
      for await (const chunk of request) raw += chunk;
      result = await run(true, (client) => createOrder(client, JSON.parse(raw)));
    } else {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(result));
  } catch (error) {
    response.writeHead(409, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) }));
  }
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ msg: "listening", port: typeof address === "object" && address ? address.port : 0 }));
});
process.once("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
