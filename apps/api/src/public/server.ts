// `@erp/api/server`: the API as a library, for processes that run it (the validator, benches).
// Clients import types only, from `@erp/api`.
export { type ApiEnv, type LogLevel, readApiEnv } from "../env.ts";
export { listProcedures, type ProcedureEntry } from "../listProcedures.ts";
export { createLogger, type LogFields, type Logger } from "../logging/createLogger.ts";
export { appRouter } from "../routers/_app.ts";
export { createApp, type RunningServer, type StartOptions, startServer } from "../server.ts";
