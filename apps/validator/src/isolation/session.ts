import type { ValidationTenant } from "../stages/provisioning.ts";

/** A signed-in tenant: who it is and its bearer token. */
export type Session = { tenant: ValidationTenant; token: string };

export const bearerOf = (session: Session) => ({ authorization: `Bearer ${session.token}` });
