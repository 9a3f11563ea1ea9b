import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/test/**/*.test.ts", "apps/*/test/**/*.test.ts", "tooling/test/**/*.test.ts"],
    globalSetup: ["packages/db/src/testing/globalSetup.ts"],
    // Every file gets its own database on one real PostgreSQL; two workers suit the 2-core machines.
    maxWorkers: 2,
    // Timeouts catch hangs, they do not judge speed: end-to-end tests (the CLI in child processes,
    // provisioning with demo data) run several times slower on a busy 2-core machine, and a fresh
    // clone once took 358 s for a suite that usually takes 112 s.
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
