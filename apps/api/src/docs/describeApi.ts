import type { AnyRouter } from "@trpc/server";
import { z } from "zod";
import { listProcedures } from "../listProcedures.ts";
import type { ApiMeta } from "../trpc.ts";
import { maxInputDepth } from "../validation/unsafeInput.ts";

// What every procedure of an auth kind may answer, before its own errors.
const errorsOfAuth: Record<NonNullable<ApiMeta["auth"]>, string[]> = {
  public: ["BAD_REQUEST"],
  operator: ["BAD_REQUEST", "UNAUTHORIZED"],
  tenant: ["BAD_REQUEST", "UNAUTHORIZED", "FORBIDDEN", "SERVICE_UNAVAILABLE"],
};

const whoMayCall: Record<NonNullable<ApiMeta["auth"]>, string> = {
  public: "anyone",
  operator: "an operator (`x-operator-key` header)",
  tenant: "a signed-in user (`Authorization: Bearer <token>`)",
};

/**
 * docs/api.md, generated from the router itself: every procedure with its kind, who may call it,
 * the module and permission it needs, its errors, and its input and output as JSON Schema.
 */
export function describeApi(router: AnyRouter): string {
  const procedures = listProcedures(router);
  const lines = [
    "# API reference",
    "",
    "Generated from the tRPC router by `pnpm api:docs`; CI fails when this file and the router differ. Do not edit.",
    "",
    "Every procedure is served at `/trpc/<name>`: queries by GET (`?input=<JSON>`), mutations by POST (JSON body); the",
    "typed client (`@erp/client`) does this for you. Rows keep the column names of the tenant schema (`docs/schema.md`):",
    "ids are UUIDs, money and quantities are decimal strings, instants are ISO-8601 strings.",
    "",
    "Errors come as `{ error: { message, data: { code, httpStatus, requestId, issues? } } }`: `BAD_REQUEST` (400, with",
    "`issues` naming each field), `UNAUTHORIZED` (401), `FORBIDDEN` (403: module outside the tier, missing permission,",
    "suspended tenant), `NOT_FOUND` (404, also for another tenant's ids), `CONFLICT` (409: taken key, insufficient stock),",
    "`SERVICE_UNAVAILABLE` (503, with `Retry-After`: the database is restarting or unreachable, or the tenant's template",
    "version is not one this server serves while a rollout is under way, docs/template-changes.md; try again).",
    "`INTERNAL_SERVER_ERROR` (500) never answers client input; it carries only a request id to find in the logs.",
    `Any input holding a NUL character or an unpaired UTF-16 surrogate, or nesting deeper than ${maxInputDepth} levels, is \`BAD_REQUEST\`.`,
    "",
    `${procedures.length} procedures.`,
    "",
    "| procedure | kind | caller | module | permission |",
    "|---|---|---|---|---|",
    ...procedures.map(
      ({ path, type, meta }) =>
        `| [\`${path}\`](#${anchor(path)}) | ${type} | ${meta.auth ?? "public"} | ${meta.module ?? ""} | ${meta.permission ?? ""} |`,
    ),
    "",
  ];
  for (const { path, type, meta, input: inputSchema, output: outputSchema } of procedures) {
    const auth = meta.auth ?? "public";
    const errors = [...new Set([...errorsOfAuth[auth], ...(meta.errors ?? [])])].sort();
    lines.push(`## ${path}`, "");
    if (meta.summary) lines.push(meta.summary, "");
    lines.push(`- kind: ${type}`, `- caller: ${whoMayCall[auth]}`);
    if (meta.module) lines.push(`- module: ${meta.module} (the tenant's tier must serve it)`);
    if (meta.permission) lines.push(`- permission: ${meta.permission}`);
    lines.push(`- errors: ${errors.join(", ")}`, "");
    const input = inputSchema ? jsonSchema(inputSchema, "input") : null;
    const output = outputSchema ? jsonSchema(outputSchema, "output") : null;
    lines.push("Input:", "", ...(input ? fieldTable(input) : ["none"]), "");
    if (input) lines.push(details("input JSON Schema", input));
    if (output) lines.push(`Output: ${typeOf(output)}`, "", details("output JSON Schema", output));
    lines.push("");
  }
  return lines.join("\n");
}

/** The part of JSON Schema that zod 4's toJSONSchema produces for our inputs (docs and the fuzz test read it). */
export type JsonSchema = {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  description?: string;
};

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _ignored, ...json } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as Record<string, unknown>;
  return json as JsonSchema;
}

/** One row per top-level field: name, type, whether required, and the rules it must meet. */
function fieldTable(schema: JsonSchema): string[] {
  const fields = Object.entries(schema.properties ?? {});
  if (fields.length === 0) return [typeOf(schema)];
  const required = new Set(schema.required ?? []);
  return [
    "| field | type | required | rules |",
    "|---|---|---|---|",
    ...fields.map(([name, field]) => `| \`${name}\` | ${typeOf(field)} | ${required.has(name) ? "yes" : ""} | ${rulesOf(field)} |`),
  ];
}

function typeOf(schema: JsonSchema): string {
  if (schema.anyOf) return [...new Set(schema.anyOf.map(typeOf))].join(" \\| ");
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(" \\| ");
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.type === "array") return `${schema.items ? typeOf(schema.items) : "any"}[]`;
  if (schema.type === "object" && schema.properties) return `{ ${Object.keys(schema.properties).join(", ")} }`;
  const type = Array.isArray(schema.type) ? schema.type.join(" \\| ") : (schema.type ?? "any");
  return schema.format ? `${type} (${schema.format})` : type;
}

function rulesOf(schema: JsonSchema): string {
  const rules: string[] = [];
  if (schema.description) rules.push(schema.description);
  // A format (uuid, email, date-time) says it better than its generated pattern.
  if (schema.pattern && !schema.format) rules.push(`pattern \`${schema.pattern.replaceAll("|", "\\|")}\``);
  if (schema.minLength !== undefined) rules.push(`≥ ${schema.minLength} chars`);
  if (schema.maxLength !== undefined) rules.push(`≤ ${schema.maxLength} chars`);
  if (schema.minimum !== undefined) rules.push(`≥ ${schema.minimum}`);
  if (schema.maximum !== undefined) rules.push(`≤ ${schema.maximum}`);
  if (schema.minItems !== undefined) rules.push(`≥ ${schema.minItems} items`);
  if (schema.maxItems !== undefined) rules.push(`≤ ${schema.maxItems} items`);
  if (schema.default !== undefined) rules.push(`default ${JSON.stringify(schema.default)}`);
  for (const option of schema.anyOf ?? []) if (option.type !== "null") rules.push(rulesOf(option));
  return rules.filter(Boolean).join(", ");
}

function details(summary: string, schema: JsonSchema): string {
  return `<details><summary>${summary}</summary>\n\n\`\`\`json\n${JSON.stringify(schema)}\n\`\`\`\n\n</details>\n`;
}

function anchor(path: string): string {
  return path.toLowerCase().replace(/[^a-z0-9-]/g, "");
}
