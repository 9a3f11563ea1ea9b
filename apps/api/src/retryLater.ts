import { type TRPC_ERROR_CODE_KEY, TRPCError } from "@trpc/server";

/** The cause of an answer that tells the client when to try again (the `Retry-After` header). */
export class RetryLater extends Error {
  override name = "RetryLater";
  constructor(readonly seconds: number) {
    super(`retry after ${seconds} s`);
  }
}

/**
 * A refusal the client may retry after `seconds` (rounded up, at least 1): `TOO_MANY_REQUESTS`
 * (429) or `SERVICE_UNAVAILABLE` (503), sent with `Retry-After`.
 */
export function retryLater(
  code: Extract<TRPC_ERROR_CODE_KEY, "TOO_MANY_REQUESTS" | "SERVICE_UNAVAILABLE">,
  message: string,
  seconds: number,
): TRPCError {
  return new TRPCError({ code, message, cause: new RetryLater(Math.max(1, Math.ceil(seconds))) });
}

/** The `Retry-After` of an answer's errors (the longest, for a batch), or undefined. */
export function retryAfterOf(errors: readonly TRPCError[]): number | undefined {
  const seconds = errors.flatMap((error) => (error.cause instanceof RetryLater ? [error.cause.seconds] : []));
  return seconds.length > 0 ? Math.max(...seconds) : undefined;
}
