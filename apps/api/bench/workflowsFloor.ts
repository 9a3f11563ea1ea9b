import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import pg from "pg";
import { replay, type Script } from "./statementReplay.ts";

// The floor of `pnpm bench:workflows`: POST /shipment { order_id }, /invoice { order_id },
// /receipt { invoice_id } replay the statements the API's operations sent for a captured document
// of the same shape (statementReplay.ts), through a bare pg pool behind node:http: no tRPC, no
// validation, no session check, no tenant role. Started as a child process by bench/workflows.ts
// (FLOOR_DATABASE_URL, FLOOR_SCHEMA, FLOOR_POOL_SIZE, FLOOR_SCRIPTS: a JSON file of the scripts).

export type FloorScripts = Record<"shipment" | "invoice" | "receipt", { script: Script; inputKey: string; inputField: string }>;

const schema = process.env.FLOOR_SCHEMA ?? "";
if (!/^tenant_[a-z0-9_]+$/.test(schema)) throw new Error("FLOOR_SCHEMA must name a tenant schema.");
const scripts = JSON.parse(readFileSync(process.env.FLOOR_SCRIPTS ?? "", "utf8")) as FloorScripts;
const pool = new pg.Pool({ connectionString: process.env.FLOOR_DATABASE_URL, max: Number(process.env.FLOOR_POOL_SIZE ?? 10) });

const server = createServer(async (request, response) => {
  try {
    const kind = (request.url ?? "").slice(1) as keyof FloorScripts;
    const entry = scripts[kind];
    if (!entry || request.method !== "POST") {
      response.writeHead(404).end();
      return;
    }
    let raw = "";
    for await (const chunk of request) raw += chunk;
    const key = (JSON.parse(raw) as Record<string, string>)[entry.inputField] ?? "";
    const client = await pool.connect();
    try {
      const id = await replay(client, schema, entry.script, { [entry.inputKey]: key });
      response.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
    } finally {
      client.release();
    }
  } catch (error) {
    response.writeHead(409, { "content-type": "application/json" }).end(JSON.stringify({ error: String(error) }));
  }
});

server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ msg: "listening", port: typeof address === "object" && address ? address.port : 0 }));
});
process.once("SIGTERM", () => server.close(() => pool.end().then(() => process.exit(0))));
