/** Who does an operation, and the request it came in (recorded in the audit log). */
export type Actor = {
  /** The signed-in user; null for the platform itself (provisioning, the demo data). */
  userId: string | null;
  /** The API request's id, when there is one. */
  requestId: string | null;
};

export const systemActor: Actor = { userId: null, requestId: null };
