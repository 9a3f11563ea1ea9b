import { errorCode } from "@erp/client";
import { expect } from "vitest";

/** Awaits a call that must fail with this tRPC error code; returns its message for further checks. */
export async function expectCode(call: Promise<unknown>, code: string): Promise<string> {
  const error = await call.then(
    (value) => {
      throw new Error(`expected ${code}, got a result: ${JSON.stringify(value).slice(0, 200)}`);
    },
    (caught: unknown) => caught,
  );
  expect(errorCode(error), (error as Error).message).toBe(code);
  return (error as Error).message;
}
