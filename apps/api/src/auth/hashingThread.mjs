// One password-hashing thread of the API (see hashingThreads.ts). Plain JavaScript so it loads in
// any runner (tsx, vitest, node) without a TypeScript loader in the worker.
import { argon2Sync, scryptSync } from "node:crypto";
import { setPriority } from "node:os";
import { parentPort, workerData } from "node:worker_threads";

// On Linux the nice value belongs to the thread, so this lowers only this thread: PostgreSQL and
// the event loop win the CPU from it whenever they need it. (Elsewhere it would lower the whole
// process, so it is left alone there.)
if (process.platform === "linux" && workerData?.niceIncrement > 0) {
  try {
    setPriority(0, workerData.niceIncrement);
  } catch {
    // Not permitted: hashing runs at normal priority, still bounded by the API's limit.
  }
}

parentPort?.on("message", ({ id, kind, password, salt, cost, keyLength, maxmem }) => {
  try {
    const message = password.normalize("NFKC");
    const key =
      kind === "argon2id"
        ? argon2Sync("argon2id", { message, nonce: salt, tagLength: keyLength, ...cost })
        : scryptSync(message, salt, keyLength, { ...cost, maxmem });
    parentPort?.postMessage({ id, key });
  } catch (error) {
    parentPort?.postMessage({ id, error: error instanceof Error ? error.message : String(error) });
  }
});
