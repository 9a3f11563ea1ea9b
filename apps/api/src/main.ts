import { ConfigurationError } from "@erp/db";
import { seedDemoData } from "@erp/seed";
import { startServer } from "./server.ts";

// `pnpm start` / `pnpm dev`: a bad setting ends the process with its one-sentence message.
try {
  const running = await startServer({ seeder: seedDemoData });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    process.once(signal, () => {
      running.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
} catch (error) {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
