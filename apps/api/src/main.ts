import { ConfigurationError } from "@erp/db";
import { seedDemoData } from "@erp/seed";
import { startServer } from "./server.ts";

// `pnpm start` / `pnpm dev`: a bad setting ends the process with its one-sentence message.
const starting = startServer({ seeder: seedDemoData });
// Registered before the server is up: a signal during start-up (or right after "listening" was
// written, which pino does asynchronously) waits for the start, then stops cleanly.
for (const signal of ["SIGTERM", "SIGINT"] as const) {
  process.once(signal, () => {
    starting
      .then((running) => running.close())
      .then(
        () => process.exit(0),
        () => process.exit(1),
      );
  });
}
try {
  await starting;
} catch (error) {
  if (error instanceof ConfigurationError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
