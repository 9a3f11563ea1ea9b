import { MissingRightError } from "@erp/erp";
import type { PermissionKey } from "@erp/tenancy";
import { TRPCError } from "@trpc/server";

/** Whether the signed-in user's roles grant a right beyond the procedure's own permission. */
export function holds(user: { permissions: readonly string[] }, right: PermissionKey): boolean {
  return user.permissions.includes(right);
}

/** Runs an operation that may need a further right (MissingRightError): the API answers FORBIDDEN. */
export async function needingRights<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (error instanceof MissingRightError) throw new TRPCError({ code: "FORBIDDEN", message: error.message, cause: error });
    throw error;
  }
}
