import type { PostingAccountsRow } from "@erp/db-types";

/** What an automatic posting uses an account for; each tenant maps purposes to its accounts (posting_accounts). */
export type PostingPurpose = PostingAccountsRow["purpose"];
