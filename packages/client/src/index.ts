import type { AppRouter } from "@erp/api";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";

export type { AppRouter, RouterInputs, RouterOutputs } from "@erp/api";
export { TRPCClientError };

export type ErpClientOptions = {
  /** Where the API listens, e.g. http://localhost:3000 (the client adds /trpc). */
  url: string;
  /** A token from `auth.login`, sent as `Authorization: Bearer …`. */
  token?: string;
  /** For `platform.*` procedures: the server's OPERATOR_KEY. */
  operatorKey?: string;
  /** Another fetch (tests, edge runtimes). */
  fetch?: typeof fetch;
};

/**
 * A typed client of the ERP API: `client.catalog.products.list.query({ limit: 20 })`. Calls made
 * in the same tick travel in one HTTP request (httpBatchLink).
 */
export function createErpClient(options: ErpClientOptions) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.operatorKey) headers["x-operator-key"] = options.operatorKey;
  return createTRPCClient<AppRouter>({
    links: [httpBatchLink({ url: `${options.url.replace(/\/+$/, "")}/trpc`, headers, fetch: options.fetch, maxItems: 50 })],
  });
}

export type ErpClient = ReturnType<typeof createErpClient>;

/** The tRPC error code of a failed call ("NOT_FOUND", "CONFLICT", …), or undefined for other errors. */
export function errorCode(error: unknown): string | undefined {
  return error instanceof TRPCClientError ? (error.data as { code?: string } | undefined)?.code : undefined;
}
