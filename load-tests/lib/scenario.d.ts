// Types of scenario.js for the validator (TypeScript); k6 reads the JavaScript directly.

export type Check =
  | { kind: "array" | "nonEmptyArray" | "uuid" | "exists"; path?: string }
  | { kind: "equals"; path?: string; value: unknown };

export type Fixture = { procedure: string; input?: unknown; pick: string };

export type ScenarioRequest = {
  name: string;
  group: string;
  procedure: string;
  module: string;
  type: "query" | "mutation";
  weight: number;
  input: unknown;
  checks: Check[];
  fixtures: string[];
  /** Pools the input takes a value from (`{{take:pool}}`). */
  takes: string[];
  /** Pools the output's values join (pool → pick path; "" is the whole output). */
  produces: Record<string, string>;
};

export type Scenario = {
  /** p95 gate (fails the run), the stricter p95 target (reported), and the share of checks that must pass. */
  targets: { gateP95Ms: number; strictP95Ms: number; minCheckRate: number };
  fixtures: Record<string, Fixture>;
  requests: ScenarioRequest[];
  groups: string[];
};

/** A logged-in tenant as the scenario sees it. */
export type ScenarioTenant = { modules: readonly string[]; fixtures: Record<string, unknown[]>; pools?: Record<string, unknown[]> };

export type HttpRequest = { method: "GET" | "POST"; path: string; body: string | null; headers: Record<string, string> };

export function parseScenario(raw: unknown): Scenario;
export function shares(scenario: Scenario): { byRequest: Record<string, number>; byGroup: Record<string, number> };
export function pickRequest<T extends ScenarioTenant>(
  scenario: Scenario,
  tenants: readonly T[],
  random: () => number,
): { request: ScenarioRequest; tenant: T } | null;
export function renderInput(
  template: unknown,
  fixtures: Record<string, unknown[]>,
  random: () => number,
  unique: () => string,
  pools?: Record<string, unknown[]>,
): unknown;
export function recordProduced(request: ScenarioRequest, tenant: ScenarioTenant, status: number, body: string): void;
export function trpcRequest(procedure: string, type: "query" | "mutation", input: unknown, headers?: Record<string, string>): HttpRequest;
export function bearer(token: string): Record<string, string>;
export function trpcData(body: unknown): unknown;
export function pickValues(data: unknown, path: string): unknown[];
export function judgeResponse(request: ScenarioRequest, status: number, body: string): { name: string; ok: boolean }[];
