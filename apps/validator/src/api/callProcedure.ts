import { trpcRequest } from "@erp/load-tests/scenario";

/** What a raw tRPC call answered: the HTTP status, the output or the error code. */
export type CallResult = {
  status: number;
  ok: boolean;
  data: unknown;
  code: string | undefined;
  message: string;
  /** The `Retry-After` header in seconds, when the answer had one. */
  retryAfter?: number;
};

/**
 * A tRPC call over plain HTTP, for procedures chosen at run time (the typed client needs them
 * spelled out) and for inputs the typed client would not send.
 */
export async function callProcedure(
  url: string,
  procedure: string,
  type: "query" | "mutation",
  input: unknown,
  headers: Record<string, string> = {},
): Promise<CallResult> {
  const request = trpcRequest(procedure, type, input, headers);
  return send(`${url}${request.path}`, { method: request.method, headers: request.headers, body: request.body ?? undefined });
}

/**
 * Any HTTP request to the API, read as a tRPC answer when it is one. A connection the server
 * closes instead of answering (e.g. headers over Node's 16 KiB limit) is status 0.
 */
export async function send(url: string, init: RequestInit): Promise<CallResult> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    return { status: 0, ok: false, data: undefined, code: undefined, message: `no answer: ${cause?.message ?? (error as Error).message}` };
  }
  const text = await response.text();
  let body: { result?: { data?: unknown }; error?: { message?: string; data?: { code?: string } } } | undefined;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const retryAfter = response.headers.get("retry-after");
  return {
    status: response.status,
    ok: response.status === 200 && body?.result !== undefined,
    data: body?.result?.data,
    code: body?.error?.data?.code,
    message: body?.error?.message ?? text.slice(0, 200),
    ...(retryAfter === null ? {} : { retryAfter: Number(retryAfter) }),
  };
}
