export { type Actor, systemActor } from "./actor.ts";
export { type AuditEvent, changedFields, recordAudit } from "./audit/recordAudit.ts";
export { type NumberedDocument, nextNumber } from "./books/nextNumber.ts";
export { type JournalCode, type PostedEntry, type Posting, type PostingLine, postEntry } from "./books/postEntry.ts";
export type { PostingPurpose } from "./books/postingAccounts.ts";
export { checkInvariants, invariants } from "./invariants/checkInvariants.ts";
export type { Invariant, InvariantResult } from "./invariants/invariant.ts";
