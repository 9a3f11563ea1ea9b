// `@erp/api/testing`: the API started in-process with secrets of its own (tests, the validator).

// The API's own token signer: the validator forges and expires well-formed tokens with it.
export { type SessionClaims, signSessionToken, unverifiedClaimsOf } from "../auth/sessionToken.ts";
export { type InProcessApi, startInProcessApi } from "../testing/startInProcessApi.ts";
export { testApiEnv } from "../testing/testApiEnv.ts";
