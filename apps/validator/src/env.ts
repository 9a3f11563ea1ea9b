import { z } from "zod";

const schema = z.object({
  ERP_DEBUG: z.string().optional(),
  // pnpm runs the script in apps/validator and says where it was invoked from in INIT_CWD.
  INIT_CWD: z.string().optional(),
});

/** The validator's environment, read once (DATABASE_URL is @erp/db's to read). */
export const env = (() => {
  const parsed = schema.parse(process.env);
  return { debug: Boolean(parsed.ERP_DEBUG), invocationDir: parsed.INIT_CWD ?? process.cwd() };
})();
